/** Writing the bucket's current versioning status back unchanged. */
import { rewriteSetting } from "../account-calls";
import type { RunContext } from "../context";
import type { SectionRun } from "../run-state";
import { defineCheck, REFUSED } from "./define";

export const bucketVersioning = defineCheck({
    name: "bucket-versioning",
    code: "bv",
    attempt: "change the bucket's versioning",
    phase: "attack",
    // Only a versioned bucket has a status to write back unchanged.
    plan: ({ facts, keepsVersions }) => (facts.calls.bucketSettings.versioning && keepsVersions ? REFUSED : undefined),
    run: rewriteVersioning,
});

function rewriteVersioning(ctx: RunContext, r: SectionRun): Promise<void> {
    return rewriteSetting(ctx, r, bucketVersioning.name, "versioning");
}
