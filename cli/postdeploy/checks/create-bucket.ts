/** Creating a bucket no one has. */
import { defineCheck, REFUSED } from "./define";

export const createBucket = defineCheck({
    name: "create-bucket",
    code: "cb",
    attempt: "create buckets",
    phase: "attack",
    plan: () => REFUSED,
});
