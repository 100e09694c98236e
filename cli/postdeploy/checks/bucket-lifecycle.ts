/** Writing the bucket's current lifecycle rules back unchanged. */
import { rewriteSetting } from "../account-calls";
import type { RunContext } from "../context";
import type { SectionRun } from "../run-state";
import { defineCheck, REFUSED } from "./define";

export const bucketLifecycle = defineCheck({
    name: "bucket-lifecycle",
    code: "bl",
    attempt: "change the bucket's lifecycle rules",
    phase: "attack",
    plan: ({ facts }) => (facts.calls.bucketSettings.lifecycle ? REFUSED : undefined),
    run: rewriteLifecycle,
});

function rewriteLifecycle(ctx: RunContext, r: SectionRun): Promise<void> {
    return rewriteSetting(ctx, r, bucketLifecycle.name, "lifecycle");
}
