/** Writing into a sibling prefix beside the section's own. */
import { defineCheck } from "./define";

export const siblingWrite = defineCheck({ name: "sibling-write", code: "sw", attempt: "write into a sibling prefix beside its own", phase: "attack" });
