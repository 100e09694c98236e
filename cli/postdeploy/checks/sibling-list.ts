/** Listing `db-…/` beside `db/`, which a policy on `db*` would also grant. */
import { defineCheck } from "./define";

export const siblingList = defineCheck({ name: "sibling-list", code: "sl", attempt: "list a sibling prefix beside its own", phase: "attack" });
