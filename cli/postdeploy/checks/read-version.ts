/** Reading a noncurrent version by id within the section's own scope, where the bucket keeps versions: history a key without read must not see. */
import { defineCheck } from "./define";

export const readVersion = defineCheck({ name: "read-version", code: "vr", attempt: "read noncurrent versions (GetObjectVersion)", phase: "attack" });
