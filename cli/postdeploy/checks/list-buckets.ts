/** Listing the account's buckets: it discloses only if the answer names a bucket of the account. */
import { defineCheck, REFUSED } from "./define";

export const listBuckets = defineCheck({
    name: "list-buckets",
    code: "lb",
    attempt: "list all buckets",
    phase: "attack",
    // No role is granted bucket listing on any provider, and the model names no deviation for it.
    plan: () => REFUSED,
});
