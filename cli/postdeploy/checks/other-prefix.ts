/**
 * Every other credential's prefix in the section's bucket (one that neither
 * contains nor lies within its own), once per prefix however many hosts hold
 * it; the bucket's top level, outside every prefix, when there is none.
 */
import { keepsVersions } from "../../../components/permissions/protections";
import { defineScope } from "./define";

export const otherPrefix = defineScope({
    name: "other-prefix",
    letter: "p",
    label: "another credential's prefix",
    attempt: "outside-prefix",
    targets: ({ section, sections }) => {
        const { bucket, prefix: own } = section.summary;
        if (own === "") return [];
        const versions = keepsVersions(section.permissions.protections);
        const prefixes = new Set(
            sections
                .map((s) => s.summary)
                .filter((s) => s.bucket === bucket && s.prefix !== "" && !s.prefix.startsWith(own) && !own.startsWith(s.prefix))
                .map((s) => s.prefix),
        );
        if (prefixes.size === 0) return [{ bucket, prefix: "", keepsVersions: versions, label: "the bucket's top level, outside every prefix" }];
        return [...prefixes].map((prefix) => ({ bucket, prefix, keepsVersions: versions, label: `another credential's prefix ${prefix}` }));
    },
});
