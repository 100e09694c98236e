/** A sibling prefix beside the section's own (`db-…/` beside `db/`), which a policy on `db*` would also grant. */
import { keepsVersions } from "../../../components/permissions/protections";
import { siblingPrefix } from "../paths";
import { defineScope } from "./define";

export const sibling = defineScope({
    name: "sibling",
    letter: "s",
    label: "a sibling prefix beside its own",
    attempt: "outside-prefix",
    targets: ({ section }) => {
        const { bucket, prefix } = section.summary;
        if (prefix === "") return [];
        return [{ bucket, prefix: siblingPrefix(prefix), keepsVersions: keepsVersions(section.permissions.protections), label: `a sibling of ${prefix}` }];
    },
});
