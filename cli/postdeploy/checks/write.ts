/** Writing the section's probe the way its jobs copy. */
import { defineCheck } from "./define";

export const write = defineCheck({
    name: "write",
    code: "wr",
    attempt: "write",
    phase: "own",
    plan: ({ expect }) => expect("write"),
});
