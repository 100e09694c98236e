/** Replacing an object; where the model names a deviation, its control (the replaced version is kept) is verified. */
import { roleAllows } from "../../../components/permissions/roles";
import { defineCheck, SUCCEEDS } from "./define";

export const overwrite = defineCheck({
    name: "overwrite",
    code: "ow",
    attempt: "overwrite",
    phase: "attack",
    plan: ({ permissions: p }) => {
        if (!roleAllows(p.role, "write")) return undefined;
        const overwrite = p.deviations.find((d) => d.capability === "overwrite");
        return overwrite ? { outcome: "refused-or-deviation", deviation: overwrite } : SUCCEEDS;
    },
});
