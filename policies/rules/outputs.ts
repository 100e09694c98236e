/**
 * Stack output rules: every credential has its rclone section, and the
 * public `permissions` output says what the resources really grant. `remotes`
 * and `permissions` are plain values, known in every preview; `rcloneConfig`
 * holds the keys, so a first preview does not know it and its part of the
 * check waits for the update (test/plan/preview.test.ts runs them so).
 */
import type { PolicyResource } from "@pulumi/policy";
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { effectiveOfGrants, type EffectiveCapabilities } from "../../components/permissions/access";
import { CAPABILITIES } from "../../components/permissions/roles";
import { AWS_ACCESS, AWS_LIST_ACTION, bucketArn } from "../../components/providers/aws/access";
import { AWS } from "../../components/providers/aws/schema";
import { B2_ACCESS } from "../../components/providers/b2/access";
import { B2 } from "../../components/providers/b2/schema";
import { R2_ACCESS } from "../../components/providers/r2/access";
import { R2 } from "../../components/providers/r2/schema";
import { PROVIDERS } from "../../components/providers/registry";
import { identityCount } from "../../components/rotation/keys";
import { isAllowed, parsePolicy } from "../iam/evaluate";
import { READ_OUTPUTS, backupUsers, entriesFor, identityFromTags, parsedOutput, permissionEntries, stackOutputs, userOf } from "../credentials";
import type { StackRule } from "../rule";
import { bucketName, isKnown, known, label, ofType, referencedBucket, tagsKnown, tagsOf } from "../resources";
import { entryOfKey } from "./b2";
import { R2_GROUP_CONFIG_SCHEMA, entryOfToken, groupIds, tokenScope } from "./r2";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { R2_TYPES } from "../../components/providers/r2/resources";

function remotesOutput(resources: readonly PolicyResource[]): RemoteSummary[] | undefined {
    return parsedOutput(resources, "remotes");
}

function rcloneConfigOutput(resources: readonly PolicyResource[]): string | undefined {
    const out = stackOutputs(resources);
    if (!out) return undefined;
    const v = known(() => out.rcloneConfig);
    return isKnown(v) && typeof v === "string" ? v : undefined;
}

export const credentialRcloneSection: StackRule = {
    kind: "stack",
    name: "credential-rclone-section",
    description: "Every credential has an rclone section in the stack outputs (remotes and rcloneConfig).",
    check(resources, ctx) {
        const remotes = remotesOutput(resources);
        if (!remotes) return;
        const ini = rcloneConfigOutput(resources);
        const fix = "export every (credential, host) through BackupEnvironment, which writes its section";
        for (const user of backupUsers(resources)) {
            if (!tagsKnown(user.props)) continue;
            const id = identityFromTags(tagsOf(user.props));
            const r = remotes.find((x) => x.provider === AWS && x.environment === id.environment && x.credential === id.credential && x.host === id.host);
            if (!r) ctx.report(user, `credential "${id.credential}" for host "${id.host}" has no entry in the remotes output`, fix);
        }
        // One credential resource (access key, application key, token) per section of its provider, plus one per
        // generation a rotation is replacing (the permissions output lists every host's generations).
        const entries = permissionEntries(resources);
        for (const profile of PROVIDERS.profiles) {
            const provider = profile.name;
            const keys = ofType(resources, ...Object.keys(profile.resources.credentials));
            const sections = remotes.filter((x) => x.provider === provider);
            const retiring = (entries ?? []).filter((e) => e.provider === provider).reduce((n, e) => n + identityCount(e.keys, e.hosts) - e.hosts.length, 0);
            if (keys.length !== sections.length + retiring) {
                ctx.report(
                    keys[0],
                    `${keys.length} ${provider} credential resources but ${sections.length} ${provider} sections in the remotes output` +
                        (retiring ? ` and ${retiring} generation(s) being retired` : ""),
                    fix,
                );
            }
        }
        if (ini === undefined) return;
        for (const r of remotes) {
            if (!ini.includes(`[${r.section}]`)) ctx.report(undefined, `section [${r.section}] of the remotes output is missing from rcloneConfig`, fix);
        }
    },
};

/** What an AWS inline policy really grants on the credential's prefix: the model's grants it allows there. */
function awsEffective(policy: unknown, bucket: string, prefix: string): EffectiveCapabilities {
    const parsed = parsePolicy(policy);
    const inside = `${bucketArn(bucket)}/${prefix}probe/object`;
    const held = AWS_ACCESS.grants
        .map((g) => g.name)
        .filter((action) =>
            action === AWS_LIST_ACTION ? isAllowed(parsed, { action, resource: bucketArn(bucket), prefix }) : isAllowed(parsed, { action, resource: inside }),
        );
    return effectiveOfGrants(AWS_ACCESS, held);
}

function entryProblems(entry: PermissionEntry, id: ReturnType<typeof identityFromTags>): string[] {
    const out: string[] = [];
    if (entry.role !== id.role) out.push(`role "${entry.role}" but the user is tagged "${id.role}"`);
    if (entry.bucket !== id.bucket) out.push(`bucket "${entry.bucket}" but the user is tagged "${id.bucket}"`);
    if (entry.prefix !== id.prefix) out.push(`prefix "${entry.prefix}" but the user is tagged "${id.prefix}"`);
    if (id.host !== undefined && !entry.hosts.includes(id.host)) out.push(`hosts [${entry.hosts.join(", ")}] lack "${id.host}"`);
    return out;
}

export const permissionsOutputMatches: StackRule = {
    kind: "stack",
    name: "permissions-output-matches",
    description:
        "The permissions output matches what the credential resources actually grant (AWS policies evaluated with pbac, B2 capabilities, R2 permission groups).",
    configSchema: R2_GROUP_CONFIG_SCHEMA,
    check(resources, ctx) {
        const entries = permissionEntries(resources);
        if (!entries) return;
        const users = backupUsers(resources);
        const policies = ofType(resources, AWS_TYPES.userPolicy);
        const fix = "derive the permissions output from the same credential spec as the resources (BackupEnvironment)";
        for (const user of users) {
            if (!tagsKnown(user.props)) continue;
            const id = identityFromTags(tagsOf(user.props));
            const entry = entries.find((e) => e.provider === AWS && e.environment === id.environment && e.credential === id.credential);
            if (!entry) {
                ctx.report(user, `credential "${id.credential}" is missing from the permissions output`, fix);
                continue;
            }
            for (const p of entryProblems(entry, id)) ctx.report(user, `permissions entry "${entry.credential}" says ${p}`, fix);
            const policy = policies.find((p) => userOf(p, users) === user);
            const doc = policy ? known(() => policy.props.policy) : undefined;
            if (!policy || !isKnown(doc) || id.bucket === undefined || id.prefix === undefined) continue;
            let actual: EffectiveCapabilities;
            try {
                actual = awsEffective(doc, id.bucket, id.prefix);
            } catch {
                continue; // aws-credential-least-privilege reports an unreadable policy.
            }
            const wrong = CAPABILITIES.filter((c) => entry.effective[c] !== actual[c]);
            if (wrong.length) {
                ctx.report(
                    policy,
                    `permissions entry "${entry.credential}" says ${wrong.map((c) => `${c}: ${entry.effective[c]}`).join(", ")} ` +
                        `but ${label(policy)} grants ${wrong.map((c) => `${c}: ${actual[c]}`).join(", ")}`,
                    fix,
                );
            }
        }
        const compare = (r: PolicyResource, entry: PermissionEntry, actual: EffectiveCapabilities) => {
            const wrong = CAPABILITIES.filter((c) => entry.effective[c] !== actual[c]);
            if (wrong.length) {
                ctx.report(
                    r,
                    `permissions entry "${entry.credential}" says ${wrong.map((c) => `${c}: ${entry.effective[c]}`).join(", ")} ` +
                        `but the ${entry.provider} credential grants ${wrong.map((c) => `${c}: ${actual[c]}`).join(", ")}`,
                    fix,
                );
            }
        };
        const b2Buckets = ofType(resources, B2_TYPES.bucket);
        for (const key of ofType(resources, B2_TYPES.applicationKey)) {
            const caps = known(() => key.props.capabilities);
            const bucket = referencedBucket(key, "bucketIds", b2Buckets) ?? referencedBucket(key, "bucketId", b2Buckets);
            const entry = entryOfKey(key, entriesFor(entries, B2, bucket ? bucketName(bucket) : undefined));
            if (!entry || !isKnown(caps) || !Array.isArray(caps)) continue;
            compare(key, entry, effectiveOfGrants(B2_ACCESS, caps.map(String)));
        }
        const ids = groupIds(ctx.config);
        for (const token of ofType(resources, R2_TYPES.apiToken, R2_TYPES.accountToken)) {
            const scope = tokenScope(token);
            if (scope?.groups.length !== 1) continue; // r2-token-scope reports it.
            const entry = entryOfToken(token, entriesFor(entries, R2, scope.bucket));
            const group = Object.entries(ids).find(([, id]) => id === scope.groups[0])?.[0];
            if (!entry || !group) continue;
            compare(token, entry, effectiveOfGrants(R2_ACCESS, [group]));
        }
        // An IAM user whose tags are not known yet (preview) may be any entry's: checked once they are.
        if (ofType(resources, AWS_TYPES.user).some((u) => !tagsKnown(u.props))) return;
        for (const e of entries) {
            if (e.provider !== AWS) continue;
            if (
                !users.some((u) => {
                    const t = identityFromTags(tagsOf(u.props));
                    return t.credential === e.credential && t.environment === e.environment;
                })
            ) {
                ctx.report(undefined, `permissions entry "${e.credential}" has no AWS credential resource`, fix);
            }
        }
    },
};

/** An output the other rules read must have its declared shape, or they could not judge it (they skip it then). */
export const stackOutputsShape: StackRule = {
    kind: "stack",
    name: "stack-outputs-shape",
    description: "The remotes and permissions outputs have the shapes components/outputs-schema.ts declares.",
    check(resources, ctx) {
        const out = stackOutputs(resources);
        if (!out) return;
        for (const [name, schema] of Object.entries(READ_OUTPUTS)) {
            const v = known(() => out[name]);
            if (!isKnown(v) || v === undefined) continue;
            const parsed = schema.safeParse(v);
            if (parsed.success) continue;
            const problems = parsed.error.issues.slice(0, 3).map((i) => `${[name, ...i.path.map(String)].join(".")}: ${i.message}`);
            ctx.report(
                undefined,
                `the ${name} output does not have its declared shape (${problems.join("; ")})`,
                "export the outputs through BackupEnvironment, which builds them in that shape",
            );
        }
    },
};

export const outputRules = [credentialRcloneSection, permissionsOutputMatches, stackOutputsShape];
