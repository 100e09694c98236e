/** Every bucket of the other environment (--other-env-outputs, where given) on the section's provider, once per bucket. */
import { defineScope, type ScopeTarget } from "./define";

export const otherEnv = defineScope({
    name: "other-env",
    letter: "e",
    label: "another environment's bucket",
    attempt: "other-bucket",
    targets: ({ section, otherEnv }) => {
        const own = section.summary;
        const byBucket = new Map<string, ScopeTarget>();
        for (const b of otherEnv) {
            if (b.provider !== own.provider || b.bucket === own.bucket || byBucket.has(b.bucket)) continue;
            byBucket.set(b.bucket, { bucket: b.bucket, prefix: b.prefix, keepsVersions: b.keepsVersions ?? false, label: `${b.bucket} (other environment)` });
        }
        return [...byBucket.values()];
    },
});
