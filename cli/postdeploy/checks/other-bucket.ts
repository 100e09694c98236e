/**
 * Every other bucket of the section's own environment on its provider (a key
 * is only ever sent to its own provider), once per bucket, at the prefix of
 * the first credential there: no grant of a section names another bucket.
 */
import { keepsVersions } from "../../../components/permissions/protections";
import { defineScope, type ScopeTarget } from "./define";

export const otherBucket = defineScope({
    name: "other-bucket",
    letter: "n",
    label: "another bucket of its environment",
    attempt: "other-bucket",
    targets: ({ section, sections }) => {
        const own = section.summary;
        const byBucket = new Map<string, ScopeTarget>();
        for (const s of sections) {
            const o = s.summary;
            if (o.provider !== own.provider || o.bucket === own.bucket || byBucket.has(o.bucket)) continue;
            byBucket.set(o.bucket, {
                bucket: o.bucket,
                prefix: o.prefix,
                keepsVersions: keepsVersions(s.permissions.protections),
                label: `${o.bucket}, ${o.credential}'s`,
            });
        }
        return [...byBucket.values()];
    },
});
