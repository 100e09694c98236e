/**
 * The protections of a bucket as typed values: how long replaced and deleted
 * data survives, what the lifecycle removes and when the data is gone, which
 * locks hold, encryption and exposure. Provider profiles compute them from
 * their config; the permission model, the permissions output, the PR diff
 * and the post-deploy test read the values, never the words beside them.
 */

export const VERSIONING_STATES = ["enabled", "suspended", "always", "unavailable"] as const;
/** `always`: the provider keeps versions and cannot stop (B2); `unavailable`: it has none (R2). */
export type VersioningState = (typeof VERSIONING_STATES)[number];

export interface VersioningProtection {
    readonly state: VersioningState;
    /** Days a replaced, deleted or hidden version survives; absent: until someone deletes it. */
    readonly noncurrentDays?: number;
}

export const EXPIRY_ACTIONS = ["delete", "hide-then-delete"] as const;

/** Current objects removed by the lifecycle. */
export interface ExpiryProtection {
    readonly action: (typeof EXPIRY_ACTIONS)[number];
    /** Days after upload the lifecycle acts on a current object. */
    readonly afterDays: number;
    /** Days after upload its data is gone for good (a kept previous version counts as not gone). */
    readonly dataGoneAfterDays: number;
}

export const LOCK_KINDS = ["object-lock", "prefix-lock"] as const;
export const LOCK_MODES = ["GOVERNANCE", "COMPLIANCE"] as const;

/** Objects that cannot be deleted or overwritten until they are `days` old. */
export interface LockProtection {
    /** `object-lock`: S3 Object Lock / B2 file lock default retention; `prefix-lock`: an R2 bucket lock rule. */
    readonly kind: (typeof LOCK_KINDS)[number];
    /** Object lock mode; absent for lock rules, which no one can bypass. */
    readonly mode?: (typeof LOCK_MODES)[number];
    readonly days: number;
    /** Prefixes covered ("" is the whole bucket). */
    readonly prefixes: readonly string[];
}

export interface StorageTransition {
    readonly afterDays: number;
    readonly storageClass: string;
}

export interface Protections {
    readonly versioning: VersioningProtection;
    readonly expiry?: ExpiryProtection;
    readonly locks: readonly LockProtection[];
    /** Days after which unfinished multipart / large-file uploads are aborted. */
    readonly abortIncompleteUploadsDays: number;
    readonly transitions: readonly StorageTransition[];
    /** Default encryption at rest, as the provider names it (AES256, aws:kms, SSE-B2, …). */
    readonly encryption: string;
    /** `blocked`: a public-access block; `private`: a private bucket type; absent: provider default. */
    readonly publicAccess?: "blocked" | "private";
    /** A bucket policy refuses requests without TLS. */
    readonly tlsOnly: boolean;
    /** Data residency (R2). */
    readonly jurisdiction?: string;
    /** The same in words, for people; consumers never parse it. */
    readonly summary: readonly string[];
}

/** Whether replacing or deleting an object leaves its previous version behind. */
export function keepsVersions(p: Protections): boolean {
    return p.versioning.state === "enabled" || p.versioning.state === "always";
}

/** The protections that limit what a credential under `prefix` can destroy. */
export interface ScopeProtections {
    readonly versioning: boolean;
    /** Days a noncurrent / hidden version is kept before the lifecycle deletes it. */
    readonly noncurrentVersionDays?: number;
    /** Default object/file lock retention of the bucket, in days. */
    readonly objectLockDays?: number;
    /** Lock rule covering the credential's prefix, in days. */
    readonly prefixLockDays?: number;
}

export function scopeProtections(p: Protections, prefix: string): ScopeProtections {
    const versioning = keepsVersions(p);
    const objectLock = p.locks.find((l) => l.kind === "object-lock" && l.prefixes.includes(""));
    const prefixLock = p.locks.find((l) => l.kind === "prefix-lock" && l.prefixes.some((x) => prefix.startsWith(x)));
    return {
        versioning,
        ...(versioning && p.versioning.noncurrentDays !== undefined ? { noncurrentVersionDays: p.versioning.noncurrentDays } : {}),
        ...(objectLock ? { objectLockDays: objectLock.days } : {}),
        ...(prefixLock ? { prefixLockDays: prefixLock.days } : {}),
    };
}

/** The control of an overwrite or delete on a bucket that keeps versions: how long they survive. */
export function versionRetention(p: ScopeProtections): string {
    const parts: string[] = [];
    if (p.versioning) {
        parts.push(
            p.noncurrentVersionDays !== undefined
                ? `versioning: previous versions are kept ${p.noncurrentVersionDays} days`
                : "versioning: previous versions are kept",
        );
    }
    if (p.objectLockDays !== undefined) parts.push(`object lock: versions cannot be removed for ${p.objectLockDays} days`);
    return parts.length ? parts.join("; ") : "none: the bucket keeps no previous versions";
}
