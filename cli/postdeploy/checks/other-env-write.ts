/** Writing into each bucket of the other environment on the same provider. */
import { defineCheck } from "./define";

export const otherEnvWrite = defineCheck({ name: "other-env-write", code: "ew", attempt: "write into another environment's bucket", phase: "attack" });
