/**
 * Replacing an object; where the model names a deviation, its control (the
 * replaced version is kept) is verified. The current version of the
 * section's versioned target gets new bytes (rc copyfile, no destination
 * check: an unconditional upload, as a changed file would be), then
 * effects.ts looks: where the bucket keeps versions the replaced version is
 * still there; a lock refuses the overwrite itself.
 */
import { roleAllows } from "../../../components/permissions/roles";
import type { RunContext } from "../context";
import { runFiles, uploadAs } from "../observe";
import { backendCall } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { versionedTarget, whose } from "../targets";
import { defineCheck, SUCCEEDS } from "./define";

export const overwrite = defineCheck({
    name: "overwrite",
    code: "ow",
    attempt: "overwrite",
    phase: "attack",
    plan: ({ permissions: p }) => {
        if (!roleAllows(p.role, "write")) return undefined;
        const overwrite = p.deviations.find((d) => d.capability === "overwrite");
        return overwrite ? { outcome: "refused-or-deviation", deviation: overwrite } : SUCCEEDS;
    },
    run: overwriteCurrent,
});

async function overwriteCurrent(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = `rclone operations/copyfile → ${backendCall(r.section, "write")}, then a listing and the replaced version`;
    const prepared = await versionedTarget(ctx, r);
    if ("why" in prepared) {
        await ctx.judge(r, overwrite.name, { outcome: "inconclusive", why: prepared.why, what: "overwrite", call, durationMs: 0 }, "write");
        return;
    }
    const t = prepared.target.current;
    const src = runFiles(ctx).overwrite;
    const res = await uploadAs(ctx, r.name, src, t.bucket, t.key);
    ctx.pending.push({
        run: r,
        check: overwrite.name,
        capability: "write",
        ...(res.ok ? {} : { failure: await ctx.failure(res.error, r.section.summary.provider) }),
        what: `overwrite ${t.bucket}/${t.key} (${whose(r, t)})`,
        call,
        durationMs: res.durationMs,
        effect: { kind: "replaced", bucket: t.bucket, key: t.key, size: src.size },
        ...(t.versionId ? { keptVersion: { versionId: t.versionId } } : {}),
    });
}
