/** Deleting one noncurrent version by id, where the bucket keeps versions. */
import { defineCheck, REFUSED } from "./define";

export const deleteVersion = defineCheck({
    name: "delete-version",
    code: "rv",
    attempt: "delete a noncurrent version (destroy history)",
    phase: "attack",
    // No role of any provider is granted version deletes (AWS_FORBIDDEN_ACTIONS, B2_FORBIDDEN_CAPABILITIES).
    plan: ({ keepsVersions, facts }) => (keepsVersions && facts.calls.deleteVersion ? REFUSED : undefined),
});
