/** Writing the bucket's current lifecycle rules back unchanged. */
import { defineCheck, REFUSED } from "./define";

export const bucketLifecycle = defineCheck({
    name: "bucket-lifecycle",
    code: "bl",
    attempt: "change the bucket's lifecycle rules",
    phase: "attack",
    plan: ({ facts }) => (facts.calls.bucketSettings.lifecycle ? REFUSED : undefined),
});
