/**
 * Reading an object within the section's scope that it did not write: rc
 * copyfile (rclone's own GET) and the bytes compared; judged at once (the
 * bytes are the effect).
 */
import type { RunContext } from "../context";
import { readWithSection } from "../probe-read";
import { backendCall } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { readTarget, whose } from "../targets";
import { defineCheck } from "./define";

export const read = defineCheck({
    name: "read",
    code: "rd",
    attempt: "read objects",
    phase: "attack",
    plan: ({ expect }) => expect("read"),
    run: readOwnScope,
});

async function readOwnScope(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = `rclone operations/copyfile → ${backendCall(r.section, "read")}, bytes compared`;
    const t = await readTarget(ctx, r);
    if ("why" in t) {
        await ctx.judge(r, read.name, { outcome: "inconclusive", why: t.why, what: "read", call, durationMs: 0 }, "read");
        return;
    }
    const seen = await readWithSection(ctx, r, t.target);
    const what = `read ${t.target.bucket}/${t.target.key} (${whose(r, t.target)}) and compare its SHA-256`;
    if (t.own && seen.outcome === "worked" && r.planned.get(read.name)?.expectation.outcome !== "succeeds") {
        await ctx.judge(
            r,
            read.name,
            {
                outcome: "inconclusive",
                what,
                call,
                durationMs: seen.durationMs,
                why:
                    "the section read the object it wrote itself: this server lets an uploader read its own objects (AWS with " +
                    "BucketOwnerEnforced does not) or the key can read; give --admin-config so the target belongs to another identity",
            },
            "read",
        );
        return;
    }
    await ctx.judge(r, read.name, { ...seen, what, call }, "read");
}
