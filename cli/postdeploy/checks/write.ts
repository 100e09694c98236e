/** Writing the section's probe the way its jobs copy: rc sync/copy with the section's flags, then a listing. */
import type { RunContext } from "../context";
import { copyThenObserve, runFiles } from "../observe";
import { PROBE_FILE } from "../paths";
import { backendCall } from "../provider-probes";
import { rcConfigForFlags } from "../rc-config";
import type { SectionRun } from "../run-state";
import { outcomeOf } from "../verdict";
import { defineCheck } from "./define";

export const write = defineCheck({
    name: "write",
    code: "wr",
    attempt: "write",
    phase: "own",
    plan: ({ expect }) => expect("write"),
    run: writeOwn,
});

async function writeOwn(ctx: RunContext, r: SectionRun): Promise<void> {
    const s = r.section.summary;
    const src = runFiles(ctx).probe;
    const seen = await copyThenObserve(ctx, r.section, src, s.bucket, r.runDir, { config: rcConfigForFlags(s.rcloneFlags).config });
    if (seen.present || (seen.present === undefined && !seen.failure)) {
        r.ownProbe = { bucket: s.bucket, key: `${r.runDir}${PROBE_FILE}`, sha256: src.sha256, size: src.size, writer: r.name };
    }
    await ctx.judge(
        r,
        write.name,
        {
            ...outcomeOf(seen.failure, seen.present),
            what: `write ${s.bucket}/${r.runDir}${PROBE_FILE} with the section's flags (${s.rcloneFlags.join(" ") || "none"})`,
            call: `rclone sync/copy → ${backendCall(r.section, "write")}`,
            durationMs: seen.durationMs,
        },
        "write",
    );
}
