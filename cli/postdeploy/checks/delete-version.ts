/**
 * Deleting one noncurrent version by id, where the bucket keeps versions:
 * the version read-version.ts read before (it runs first, in catalogue
 * order), judged once the version is seen gone or there (effects.ts).
 */
import type { RunContext } from "../context";
import { noncurrentOf } from "../probe-versions";
import { probeFacts } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { versionedTarget, whose } from "../targets";
import { defineCheck, REFUSED } from "./define";

export const deleteVersion = defineCheck({
    name: "delete-version",
    code: "rv",
    attempt: "delete a noncurrent version (destroy history)",
    phase: "attack",
    // No role of any provider is granted version deletes (AWS_FORBIDDEN_ACTIONS, B2_FORBIDDEN_CAPABILITIES).
    plan: ({ keepsVersions, facts }) => (keepsVersions && facts.calls.deleteVersion ? REFUSED : undefined),
    run: deleteNoncurrentVersion,
});

async function deleteNoncurrentVersion(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.deleteVersion ?? "version delete";
    const aimed = noncurrentOf(await versionedTarget(ctx, r));
    if ("why" in aimed) {
        await ctx.judge(r, deleteVersion.name, { outcome: "inconclusive", why: aimed.why, what: "delete a noncurrent version", call, durationMs: 0 });
        return;
    }
    const t = aimed.target;
    const started = Date.now();
    const res = await ctx.apiFor(r.section).deleteVersion(t.bucket, t.key, t.versionId);
    ctx.pending.push({
        run: r,
        check: deleteVersion.name,
        ...(res.ok ? {} : { failure: await ctx.failure(res.text, r.section.summary.provider) }),
        what: `delete noncurrent version ${t.versionId} of ${t.bucket}/${t.key} (${whose(r, t)})`,
        call,
        durationMs: Date.now() - started,
        effect: { kind: "version-gone", bucket: t.bucket, key: t.key, versionId: t.versionId },
    });
}
