/**
 * The differences between what an IAM policy allows and what the permission
 * model lets the credential's role do, as sentences for violation messages.
 */
import { AWS } from "../../components/providers/aws/schema";
import { PROVIDERS } from "../../components/providers/registry";
import { conditionedGrants, type GrantCondition } from "../../components/permissions/access";
import type { NormalisedStatement, ParsedPolicy } from "./evaluate";
import { isAllowed, parsePolicy } from "./evaluate";
import type { CredentialScope, IamProbe } from "./expectations";
import { probesFor } from "./expectations";

export interface PolicyFinding {
    /** `excess`: grants beyond the model; `missing`: the role cannot work; `statement`: a forbidden grant; `unreadable`. */
    readonly kind: "excess" | "missing" | "statement" | "unreadable";
    readonly message: string;
}

/** IAM wildcard match (`*`, `?`), case-insensitive as actions are. */
function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return re.test(action);
}

/**
 * Allow statements that grant a forbidden action (the AWS profile's access.forbidden, components/providers/aws/access.ts),
 * grant a conditioned grant of the model without its condition (s3:PutObjectAcl beyond bucket-owner-full-control), or use NotAction.
 */
export function forbiddenStatements(policy: ParsedPolicy): string[] {
    const access = PROVIDERS.get(AWS).access;
    const forbiddenActions = access.forbidden;
    const conditioned = conditionedGrants(
        access,
        access.grants.map((g) => g.name),
    );
    const out: string[] = [];
    policy.statements.forEach((s, i) => {
        if (s.Effect !== "Allow") return;
        const label = `statement ${s.Sid ?? i}`;
        if (s.NotAction) out.push(`${label} uses NotAction, which grants every other action`);
        if (s.NotResource) out.push(`${label} uses NotResource, which grants on every other resource`);
        for (const forbidden of forbiddenActions) {
            const hit = forbidden.includes("*")
                ? (s.Action ?? []).find((a) => a === forbidden.toLowerCase())
                : (s.Action ?? []).find((a) => actionMatches(a, forbidden));
            if (hit !== undefined) out.push(`${label} grants ${forbidden}${hit === forbidden.toLowerCase() ? "" : ` (through "${hit}")`}`);
        }
        for (const g of conditioned) {
            const hit = (s.Action ?? []).find((a) => actionMatches(a, g.name));
            if (hit === undefined || limitedTo(s, g.onlyWhen)) continue;
            out.push(
                `${label} grants ${g.name}${hit === g.name.toLowerCase() ? "" : ` (through "${hit}")`} without limiting ${g.onlyWhen.key} to ${g.onlyWhen.values.join(", ")}`,
            );
        }
    });
    return out;
}

/** Whether the statement holds only for requests whose `c.key` is one of `c.values` (StringEquals on it). */
function limitedTo(s: NormalisedStatement, c: GrantCondition): boolean {
    const values = s.Condition?.StringEquals?.[c.key];
    return values !== undefined && values.length > 0 && values.every((v) => c.values.includes(v));
}

function describe(p: IamProbe): string {
    return `${p.action} ${p.where}${p.prefix !== undefined && !p.where.startsWith("listing") ? ` (s3:prefix "${p.prefix}")` : ""}`;
}

/** Every difference between the policy and the model for the scope; empty when they agree. */
export function checkPolicy(policy: unknown, scope: CredentialScope): PolicyFinding[] {
    let parsed: ParsedPolicy;
    try {
        parsed = parsePolicy(policy);
    } catch (e) {
        return [{ kind: "unreadable", message: `the policy cannot be read: ${(e as Error).message}` }];
    }
    const findings: PolicyFinding[] = parsed.unsupported.map((u) => ({
        kind: "unreadable" as const,
        message: `statement ${u.statement}: ${u.problem}`,
    }));
    for (const m of forbiddenStatements(parsed)) findings.push({ kind: "statement", message: m });

    const excess: string[] = [];
    const missing: string[] = [];
    // Keys the document itself names are probed too: a grant on them is excess unless it is the bucket's own key.
    const namedKeys = parsed.statements
        .filter((s) => s.Effect === "Allow")
        .flatMap((s) => s.Resource ?? [])
        .filter((r) => r.startsWith("arn:aws:kms:"));
    for (const probe of probesFor(scope, namedKeys)) {
        const allowed = isAllowed(parsed, probe);
        if (allowed && !probe.expected) excess.push(describe(probe));
        if (!allowed && probe.expected) missing.push(describe(probe));
    }
    if (excess.length) {
        findings.push({ kind: "excess", message: `allows what a ${scope.role} credential must not do: ${excess.join("; ")}` });
    }
    if (missing.length) {
        findings.push({ kind: "missing", message: `denies what a ${scope.role} credential needs: ${missing.join("; ")}` });
    }
    return findings;
}
