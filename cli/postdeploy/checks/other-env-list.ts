/** Listing each bucket of the other environment on the same provider. */
import { defineCheck } from "./define";

export const otherEnvList = defineCheck({ name: "other-env-list", code: "el", attempt: "list another environment's bucket", phase: "attack" });
