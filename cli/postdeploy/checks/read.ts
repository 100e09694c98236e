/** Reading an object within the section's scope that it did not write. */
import { defineCheck } from "./define";

export const read = defineCheck({
    name: "read",
    code: "rd",
    attempt: "read objects",
    phase: "attack",
    plan: ({ expect }) => expect("read"),
});
