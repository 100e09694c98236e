/** Writing the bucket's current policy back unchanged. */
import { defineCheck, REFUSED } from "./define";

export const bucketPolicy = defineCheck({
    name: "bucket-policy",
    code: "bp",
    attempt: "change the bucket's policy",
    phase: "attack",
    plan: ({ facts }) => (facts.calls.bucketSettings.policy ? REFUSED : undefined),
});
