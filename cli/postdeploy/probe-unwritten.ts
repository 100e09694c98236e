/**
 * A delete the model expects refused is first aimed at a key nobody wrote,
 * where the provider decides deletes before it looks the key up
 * (profile.probes.refusesUnwritten): a key without the permission gets the
 * same AccessDenied it would get on a written object, for one call and no
 * target written first. Any other answer — a success, which proves nothing
 * without an object to see gone, a not-found, an error of another kind —
 * sends the attempt on to a written target, as every attempt the model
 * expects to work goes at once.
 */
import type { UnwrittenCall } from "../../components/providers/probe-facts";
import type { RunContext } from "./context";
import { probeFacts } from "./provider-probes";
import type { SectionRun } from "./run-state";
import type { CheckId } from "./types";
import type { Observation } from "./verdict";

/** A version id every S3 server accepts in a request: the null version's. */
const NULL_VERSION = "null";

export interface UnwrittenAttempt {
    readonly check: CheckId;
    readonly call: UnwrittenCall;
    readonly bucket: string;
    /** A key within the run's folder that nobody writes. */
    readonly key: string;
}

/** Whether the attempt may start on a key nobody wrote: the provider decides it first and the model expects a refusal. */
function startsUnwritten(r: SectionRun, check: CheckId, call: UnwrittenCall): boolean {
    const expected = r.planned.get(check)?.expectation.outcome;
    return expected !== undefined && expected !== "succeeds" && (probeFacts(r.section.summary.provider).refusesUnwritten ?? []).includes(call);
}

/**
 * The refusal of the attempt on the unwritten key; undefined where it may not start there or was not refused
 * (then aim at a written target).
 */
export async function refusalUnwritten(ctx: RunContext, r: SectionRun, a: UnwrittenAttempt, label: string): Promise<Observation | undefined> {
    if (!startsUnwritten(r, a.check, a.call)) return undefined;
    const api = ctx.apiFor(r.section);
    const started = Date.now();
    const res = a.call === "deleteObject" ? await api.deleteObject(a.bucket, a.key) : await api.deleteVersion(a.bucket, a.key, NULL_VERSION);
    if (res.ok) return undefined;
    const failure = await ctx.failure(res.text, r.section.summary.provider);
    if (failure.kind !== "access-denied") return undefined;
    const facts = probeFacts(r.section.summary.provider).calls;
    const version = a.call === "deleteVersion" ? ` version ${NULL_VERSION} of` : "";
    return {
        outcome: "refused",
        failure,
        what: `delete${version} ${a.bucket}/${a.key} (${label}; a key nobody wrote: the provider decides a delete before it looks the key up)`,
        call: (a.call === "deleteObject" ? facts.deleteObject : facts.deleteVersion) ?? a.call,
        durationMs: Date.now() - started,
    };
}
