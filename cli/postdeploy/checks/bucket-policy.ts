/** Writing the bucket's current policy back unchanged. */
import { rewriteSetting } from "../account-calls";
import type { RunContext } from "../context";
import type { SectionRun } from "../run-state";
import { defineCheck, REFUSED } from "./define";

export const bucketPolicy = defineCheck({
    name: "bucket-policy",
    code: "bp",
    attempt: "change the bucket's policy",
    phase: "attack",
    plan: ({ facts }) => (facts.calls.bucketSettings.policy ? REFUSED : undefined),
    run: rewritePolicy,
});

function rewritePolicy(ctx: RunContext, r: SectionRun): Promise<void> {
    return rewriteSetting(ctx, r, bucketPolicy.name, "policy");
}
