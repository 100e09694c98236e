/**
 * What the version probes share, on a section's own scope (checks/read-version.ts, delete-version.ts) and on the matrix's scopes
 * (probe-scope.ts): the noncurrent version they aim at, and reading one by id and comparing its bytes.
 */
import type { RunContext } from "./context";
import { sha256 } from "./observe";
import type { Prepared, SectionRun, Target, Versioned } from "./run-state";
import { outcomeOf, type Observation } from "./verdict";

/** A target that is a noncurrent version: it has its version id. */
export type NoncurrentVersion = Target & { readonly versionId: string };

/** The noncurrent version of a prepared versioned target, or why there is none to aim at (never a pass). */
export function noncurrentOf(prepared: Prepared<Versioned>): Prepared<NoncurrentVersion> {
    if ("why" in prepared) return prepared;
    const v = prepared.target.noncurrent;
    if (v?.versionId) return { target: { ...v, versionId: v.versionId } };
    return { why: "the bucket returned no version id: it keeps no versions, so there is no noncurrent version to aim at" };
}

/** Read a noncurrent version by id with the section's key: worked only when the bytes answered are that version's. */
export async function readNoncurrent(ctx: RunContext, r: SectionRun, v: NoncurrentVersion, what: string, call: string): Promise<Observation> {
    const started = Date.now();
    const res = await ctx.apiFor(r.section).readVersion(v.bucket, v.key, v.versionId);
    const durationMs = Date.now() - started;
    if (!res.ok) return { ...outcomeOf(await ctx.failure(res.text, r.section.summary.provider), undefined), what, call, durationMs };
    if (sha256(res.value) === v.sha256) return { outcome: "worked", what, call, durationMs };
    return { outcome: "inconclusive", why: `the call answered ${res.value.length} bytes that are not the version's ${v.size}`, what, call, durationMs };
}
