/**
 * Listing the section's own path, as every job does first; with bounded
 * retries while a new key propagates (phase-own.ts runs it before the rest,
 * which it gates).
 */
import type { RunContext } from "../context";
import { isAuthPropagationError } from "../diagnosis";
import { listAs } from "../observe";
import { backendCall } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { outcomeOf } from "../verdict";
import { defineCheck } from "./define";

export const list = defineCheck({
    name: "list",
    code: "ls",
    attempt: "list",
    phase: "own",
    plan: ({ expect }) => expect("list"),
    run: listOwn,
});

async function listOwn(ctx: RunContext, r: SectionRun): Promise<void> {
    const { bucket, prefix, provider } = r.section.summary;
    const started = Date.now();
    let retries = 0;
    for (;;) {
        const res = await listAs(ctx, r.name, bucket, prefix);
        const failure = res.ok ? undefined : await ctx.failure(res.error, provider);
        const elapsed = Date.now() - started;
        if (failure && isAuthPropagationError(failure.kind) && elapsed < ctx.settings.authRetryMs) {
            retries++;
            await new Promise((ok) => setTimeout(ok, Math.min(2000, ctx.settings.authRetryMs - elapsed)));
            continue;
        }
        r.listWorked = res.ok;
        const retried = retries ? ` (after ${retries} auth retr${retries === 1 ? "y" : "ies"})` : "";
        await ctx.judge(
            r,
            list.name,
            {
                ...outcomeOf(failure, res.ok ? true : undefined),
                what: `list ${bucket}/${prefix}${retried}`,
                call: `rclone operations/list → ${backendCall(r.section, "list")}`,
                durationMs: elapsed,
            },
            "list",
        );
        return;
    }
}
