/** Deleting an object within the section's scope. */
import { defineCheck } from "./define";

export const deleteObjects = defineCheck({
    name: "delete",
    code: "rm",
    attempt: "delete objects",
    phase: "attack",
    plan: ({ expect }) => expect("delete"),
});
