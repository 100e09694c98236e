/**
 * Deleting an object within the section's scope: first on a key nobody
 * wrote where the provider refuses it there (probe-unwritten.ts), else on a
 * target of the section's own, judged once its effect is seen (effects.ts).
 */
import type { RunContext } from "../context";
import { fsOf } from "../observe";
import { refusalUnwritten } from "../probe-unwritten";
import { backendCall } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { prepareTarget, whose } from "../targets";
import { defineCheck } from "./define";

export const deleteObjects = defineCheck({
    name: "delete",
    code: "rm",
    attempt: "delete objects",
    phase: "attack",
    plan: ({ expect }) => expect("delete"),
    run: deleteOwnScope,
});

async function deleteOwnScope(ctx: RunContext, r: SectionRun): Promise<void> {
    const check = deleteObjects.name;
    const at = { check, call: "deleteObject", bucket: r.section.summary.bucket, key: `${r.runDir}targets/unwritten.bin` } as const;
    const refused = await refusalUnwritten(ctx, r, at, "its own prefix");
    if (refused) return ctx.judge(r, check, refused, "delete");
    const call = `rclone operations/deletefile → ${backendCall(r.section, "delete")}, then a listing`;
    const prepared = await prepareTarget(ctx, r, "delete.bin");
    if ("why" in prepared) {
        await ctx.judge(r, check, { outcome: "inconclusive", why: prepared.why, what: "delete", call, durationMs: 0 }, "delete");
        return;
    }
    const t = prepared.target;
    const res = await ctx.rcd.call("operations/deletefile", { fs: fsOf(r.name, t.bucket), remote: t.key }, ctx.settings.timeoutMs);
    ctx.pending.push({
        run: r,
        check,
        capability: "delete",
        ...(res.ok ? {} : { failure: await ctx.failure(res.error, r.section.summary.provider) }),
        what: `delete ${t.bucket}/${t.key} (${whose(r, t)})`,
        call,
        durationMs: res.durationMs,
        effect: { kind: "gone", bucket: t.bucket, key: t.key },
    });
}
