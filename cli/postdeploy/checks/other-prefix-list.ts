/** Listing another credential's prefix in the same bucket (or the bucket's top level). */
import { defineCheck } from "./define";

export const otherPrefixList = defineCheck({ name: "other-prefix-list", code: "pl", attempt: "list another credential's prefix", phase: "attack" });
