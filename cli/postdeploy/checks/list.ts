/** Listing the section's own path, as every job does first. */
import { defineCheck } from "./define";

export const list = defineCheck({
    name: "list",
    code: "ls",
    attempt: "list",
    phase: "own",
    plan: ({ expect }) => expect("list"),
});
