/** Reading a noncurrent version by id within the section's own scope, where the bucket keeps versions: history a key without read must not see. */
import { defineCheck } from "./define";

export const readVersion = defineCheck({
    name: "read-version",
    code: "vr",
    attempt: "read noncurrent versions (GetObjectVersion)",
    phase: "attack",
    // A noncurrent version is the object's history: whoever may not read may not read that either.
    plan: ({ expect, keepsVersions, facts }) => (keepsVersions && facts.calls.readVersion ? expect("read") : undefined),
});
