/** Replacing an object; where the model names a deviation, its control (the replaced version is kept) is verified. */
import { defineCheck } from "./define";

export const overwrite = defineCheck({ name: "overwrite", code: "ow", attempt: "overwrite", phase: "attack" });
