/**
 * The other environment's buckets, which no key of this one may reach (the
 * other-env scope, checks/other-env.ts). Here, not in the catalogue, so the
 * run's context can hold them without importing the checks back.
 */
import type { DeployedSection } from "./outputs";
import { bucketKeepsVersions } from "./provider-probes";

/** A bucket another environment's sections use, on some provider. */
export interface ForeignBucket {
    readonly provider: string;
    readonly bucket: string;
    readonly prefix: string;
    /** Whether that bucket keeps noncurrent versions (unknown: assumed not). */
    readonly keepsVersions?: boolean;
}

/** The buckets (and prefixes) another environment's sections use. */
export function foreignBuckets(sections: readonly DeployedSection[]): ForeignBucket[] {
    return sections.map((s) => ({
        provider: s.summary.provider,
        bucket: s.summary.bucket,
        prefix: s.summary.prefix,
        keepsVersions: bucketKeepsVersions(s.permissions),
    }));
}
