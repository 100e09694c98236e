/**
 * The status of one check from what was expected (the permission model) and
 * what was observed. Pure: the whole "ok / refused / FAILED / over-privileged
 * / warning" policy lives here.
 */
import type { Expectation } from "../../components/permissions/expectations";
import type { Capability } from "../../components/permissions/roles";
import { classifyError, diagnose, overPrivilegedDiagnosis, type FailureContext } from "./diagnosis";
import type { CheckName, CheckResult, CheckStatus } from "./types";

export interface Observation {
    /** Whether the attempt took effect (confirmed by a listing or the content where possible). */
    readonly took: boolean;
    /** The rclone call, when there was one. */
    readonly result?: { readonly code: number | null; readonly stderr: string; readonly durationMs: number };
    /** What was attempted, for the report. */
    readonly what: string;
}

export interface VerdictContext extends Omit<FailureContext, "capability"> {
    readonly role: string;
    readonly capability?: Capability;
}

export function verdict(check: CheckName, expectation: Expectation, o: Observation, ctx: VerdictContext): Omit<CheckResult, "check"> {
    const failed = o.result !== undefined && o.result.code !== 0;
    const error = failed ? lastLines(o.result!.stderr) : undefined;
    const kind = failed ? classifyError(o.result!.stderr) : undefined;
    const base = { durationMs: o.result?.durationMs ?? 0, ...(error !== undefined ? { error, errorKind: kind } : {}) };
    const result = (status: CheckStatus, detail: string, diagnosis?: string): Omit<CheckResult, "check"> =>
        ({ status, detail, ...(diagnosis ? { diagnosis } : {}), ...base });

    if (expectation.outcome === "succeeds") {
        if (o.took) return result("ok", o.what);
        return result("failed", `${o.what}: did not work`,
            kind ? diagnose(kind, ctx) : "rclone reported success but the effect is not there");
    }
    if (!o.took) {
        if (kind === "no-such-bucket" && check.startsWith("other-env")) {
            return result("warning", `${o.what}: that bucket does not exist at this endpoint, nothing to refuse`);
        }
        if (kind !== undefined && kind !== "access-denied") {
            // Not refused by a permission: it proves nothing about the grant.
            return result("failed", `${o.what}: could not be attempted`, diagnose(kind, ctx));
        }
        return result("refused", `${o.what}: refused as expected`);
    }
    if (expectation.outcome === "refused-or-deviation") {
        const d = expectation.deviation;
        return result("warning", `${o.what}: possible (known deviation ${d.id}); control: ${d.control}`);
    }
    const attempt = check.startsWith("outside") ? "outside-prefix" : check.startsWith("other-env") ? "other-bucket" : ctx.capability ?? check;
    return result("over-privileged", `${o.what}: WORKED`, overPrivilegedDiagnosis(ctx.role, attempt));
}

/** The informative end of rclone's stderr (already redacted), timestamps and repeats dropped. */
export function lastLines(stderr: string): string {
    const lines = stderr.split("\n").map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, "").trim()).filter(Boolean);
    return [...new Set(lines)].slice(-3).join("\n").slice(0, 600);
}
