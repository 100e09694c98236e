/** Writing the bucket's current versioning status back unchanged. */
import { defineCheck, REFUSED } from "./define";

export const bucketVersioning = defineCheck({
    name: "bucket-versioning",
    code: "bv",
    attempt: "change the bucket's versioning",
    phase: "attack",
    // Only a versioned bucket has a status to write back unchanged.
    plan: ({ facts, keepsVersions }) => (facts.calls.bucketSettings.versioning && keepsVersions ? REFUSED : undefined),
});
