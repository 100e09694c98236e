/** A second copy of the same multipart-sized file, for a key that writes without reading: it must upload nothing and succeed. */
import { roleAllows } from "../../../components/permissions/roles";
import { defineCheck, SUCCEEDS } from "./define";

export const rerun = defineCheck({
    name: "rerun",
    code: "rr",
    attempt: "copy",
    phase: "own",
    // A key that writes without reading is the one whose second copy used to HEAD what it could not read.
    plan: ({ permissions: p }) => (roleAllows(p.role, "write") && !roleAllows(p.role, "read") ? SUCCEEDS : undefined),
});
