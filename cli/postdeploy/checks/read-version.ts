/**
 * Reading a noncurrent version by id within the section's own scope, where
 * the bucket keeps versions: history a key without read must not see. It
 * reads the version the version delete aims at next (delete-version.ts); the
 * bytes are the effect. The version was written by a key that may (the
 * admin, the section itself or another section within its scope); without
 * one it is inconclusive.
 */
import type { RunContext } from "../context";
import { noncurrentOf, readNoncurrent } from "../probe-versions";
import { probeFacts } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { versionedTarget, whose } from "../targets";
import { defineCheck } from "./define";

export const readVersion = defineCheck({
    name: "read-version",
    code: "vr",
    attempt: "read noncurrent versions (GetObjectVersion)",
    phase: "attack",
    // A noncurrent version is the object's history: whoever may not read may not read that either.
    plan: ({ expect, keepsVersions, facts }) => (keepsVersions && facts.calls.readVersion ? expect("read") : undefined),
    run: readNoncurrentVersion,
});

async function readNoncurrentVersion(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.readVersion ?? "version read";
    const aimed = noncurrentOf(await versionedTarget(ctx, r));
    if ("why" in aimed) {
        await ctx.judge(r, readVersion.name, { outcome: "inconclusive", why: aimed.why, what: "read a noncurrent version", call, durationMs: 0 }, "read");
        return;
    }
    const t = aimed.target;
    const what = `read noncurrent version ${t.versionId} of ${t.bucket}/${t.key} (${whose(r, t)}) and compare its SHA-256`;
    const seen = await readNoncurrent(ctx, r, t, what, call);
    const ownAndForbidden = seen.outcome === "worked" && t.writer === r.name && r.planned.get(readVersion.name)?.expectation.outcome !== "succeeds";
    await ctx.judge(
        r,
        readVersion.name,
        ownAndForbidden
            ? {
                  ...seen,
                  outcome: "inconclusive",
                  why: "the section read a version it wrote itself: this server lets an uploader read its own objects or the key can read; give --admin-config",
              }
            : seen,
        "read",
    );
}
