/** A second copy of the same multipart-sized file, for a key that writes without reading: it must upload nothing and succeed. */
import { defineCheck } from "./define";

export const rerun = defineCheck({ name: "rerun", code: "rr", attempt: "copy", phase: "own" });
