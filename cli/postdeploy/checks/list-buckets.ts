/** Listing the account's buckets: it discloses only if the answer names a bucket of the account. */
import { judgeApiCall } from "../account-calls";
import type { RunContext } from "../context";
import { probeFacts } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { defineCheck, REFUSED } from "./define";

export const listBuckets = defineCheck({
    name: "list-buckets",
    code: "lb",
    attempt: "list all buckets",
    phase: "attack",
    // No role is granted bucket listing on any provider, and the model names no deviation for it.
    plan: () => REFUSED,
    run: listAllBuckets,
});

async function listAllBuckets(ctx: RunContext, r: SectionRun): Promise<void> {
    const started = Date.now();
    const res = await ctx.apiFor(r.section).listBuckets();
    const what = res.ok ? `list all buckets (answered with ${res.value.length} bucket name(s))` : "list all buckets";
    await judgeApiCall(ctx, r, listBuckets.name, res, what, probeFacts(r.section.summary.provider).calls.listBuckets, started);
}
