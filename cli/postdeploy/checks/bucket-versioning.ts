/** Writing the bucket's current versioning status back unchanged. */
import { defineCheck } from "./define";

export const bucketVersioning = defineCheck({ name: "bucket-versioning", code: "bv", attempt: "change the bucket's versioning", phase: "attack" });
