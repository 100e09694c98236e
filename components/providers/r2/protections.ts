/**
 * Where an R2 bucket is and what protects it, from its config. R2 has no
 * object versioning: a bucket lock rule on every copy prefix is what keeps
 * archives from being deleted or overwritten early.
 */
import type { LockProtection, Protections } from "../../permissions/protections";
import type { BucketModel } from "../profile";
import type { R2Jurisdiction, R2RemoteConfig } from "./schema";

export const DAY_SECONDS = 86_400;

/** rclone's region for R2 (the SigV4 region R2 expects). */
export const R2_REGION = "auto";

/** The S3 endpoint of an account; jurisdictional buckets answer only on their own host. */
export function r2Endpoint(accountId: string, jurisdiction: R2Jurisdiction | undefined): string {
    return `https://${accountId}.${jurisdiction ? `${jurisdiction}.` : ""}r2.cloudflarestorage.com`;
}

/** The prefixes that get a lock rule: each copy prefix once, in a stable order. */
export function lockPrefixes(copyPrefixes: readonly string[]): string[] {
    return [...new Set(copyPrefixes)].sort();
}

export function r2BucketModel(config: R2RemoteConfig, copyPrefixes: readonly string[]): BucketModel {
    return {
        bucket: config.bucket,
        endpoint: r2Endpoint(config.accountId, config.jurisdiction),
        region: R2_REGION,
        protections: r2Protections(config, copyPrefixes),
    };
}

export function r2Protections(config: R2RemoteConfig, copyPrefixes: readonly string[]): Protections {
    const l = config.lifecycle;
    // A lock rule on each copy prefix, once lockDays is set.
    const locks: LockProtection[] =
        config.lockDays !== undefined && copyPrefixes.length > 0 ? [{ kind: "prefix-lock", days: config.lockDays, prefixes: lockPrefixes(copyPrefixes) }] : [];
    return {
        versioning: { state: "unavailable" },
        // R2 deletes nothing a lock rule still retains; unlocked objects go at this age.
        ...(l.expirationDays !== undefined ? { expiry: { action: "delete", afterDays: l.expirationDays, dataGoneAfterDays: l.expirationDays } } : {}),
        locks,
        abortIncompleteUploadsDays: l.abortIncompleteMultipartUploadDays,
        transitions: l.infrequentAccessAfterDays !== undefined ? [{ afterDays: l.infrequentAccessAfterDays, storageClass: "InfrequentAccess" }] : [],
        // Cloudflare encrypts every R2 object at rest with AES-256; there is no setting.
        encryption: "AES256",
        tlsOnly: false,
        jurisdiction: config.jurisdiction ?? "default",
        summary: describeR2Protections(config, locks),
    };
}

function describeR2Protections(config: R2RemoteConfig, locks: readonly LockProtection[]): string[] {
    const l = config.lifecycle;
    const out = [
        "versioning: not available on R2 (overwrites and deletes are final unless a bucket lock rule covers the object)",
        `lifecycle: abort incomplete uploads after ${l.abortIncompleteMultipartUploadDays} days`,
        `jurisdiction: ${config.jurisdiction ?? "default"}`,
    ];
    if (l.infrequentAccessAfterDays !== undefined) out.push(`lifecycle: objects move to Infrequent Access after ${l.infrequentAccessAfterDays} days`);
    if (l.expirationDays !== undefined) out.push(`lifecycle: objects are deleted after ${l.expirationDays} days (not before a lock rule's retention ends)`);
    for (const lock of locks) {
        for (const p of lock.prefixes) out.push(`bucket lock: objects under "${p}" cannot be deleted or overwritten until they are ${lock.days} days old`);
    }
    return out;
}
