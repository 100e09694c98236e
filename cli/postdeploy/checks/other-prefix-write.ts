/** Writing into another credential's prefix in the same bucket (or the bucket's top level). */
import { defineCheck } from "./define";

export const otherPrefixWrite = defineCheck({ name: "other-prefix-write", code: "pw", attempt: "write into another credential's prefix", phase: "attack" });
