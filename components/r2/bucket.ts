/**
 * A Cloudflare R2 backup bucket: the bucket, its lifecycle, and a bucket lock
 * rule on every prefix a copy credential writes to. R2 has no object
 * versioning, so the lock is what keeps archives from being deleted or
 * overwritten by a copy token (which R2 cannot make delete-free).
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { R2Jurisdiction, R2RemoteConfig } from "../config/r2";
import type { BucketFacts } from "../leaf";
import type { ScopeProtections } from "../permissions/effective";
import { probeExpiryPrefixes } from "../probes";

export interface R2BucketArgs {
    readonly environment: string;
    readonly remote: string;
    readonly config: R2RemoteConfig;
    readonly protect: boolean;
    /** Normalised prefixes ("" or "a/b/") that copy credentials write to. */
    readonly copyPrefixes: readonly string[];
}

const DAY_SECONDS = 86_400;

/** The S3 endpoint of an account; jurisdictional buckets answer only on their own host. */
export function r2Endpoint(accountId: string, jurisdiction: R2Jurisdiction | undefined): string {
    return `https://${accountId}.${jurisdiction ? `${jurisdiction}.` : ""}r2.cloudflarestorage.com`;
}

export class R2BackupBucket extends pulumi.ComponentResource implements BucketFacts {
    readonly bucket: string;
    readonly endpoint: string;
    /** rclone's region for R2 (the SigV4 region R2 expects). */
    readonly region = "auto";
    readonly protections: readonly string[];
    readonly bucketResource: cloudflare.R2Bucket;
    private readonly lockedPrefixes: readonly string[];
    private readonly lockDays: number | undefined;

    constructor(name: string, args: R2BucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup-remotes:r2:BackupBucket", name, {}, opts);
        const { config } = args;
        this.bucket = config.bucket;
        this.endpoint = r2Endpoint(config.accountId, config.jurisdiction);
        this.lockDays = config.lockDays;
        this.lockedPrefixes = config.lockDays === undefined ? [] : lockPrefixes(args.copyPrefixes);
        this.protections = describeR2Protections(config, this.lockedPrefixes);

        const child: pulumi.CustomResourceOptions = { parent: this, protect: args.protect };
        const location = { accountId: config.accountId, jurisdiction: config.jurisdiction ?? "default" };
        const bucket = new cloudflare.R2Bucket(name, {
            ...location,
            name: config.bucket,
            location: config.locationHint,
            storageClass: "Standard",
        }, { ...child, retainOnDelete: args.protect });
        this.bucketResource = bucket;

        // The lifecycle resource replaces R2's default rule (abort uploads after 7 days), so ours restates it.
        new cloudflare.R2BucketLifecycle(`${name}-lifecycle`, {
            ...location, bucketName: bucket.name, rules: r2LifecycleRules(config, args.copyPrefixes),
        }, child);
        const lockRules = r2LockRules(this.lockedPrefixes, config.lockDays);
        if (lockRules.length > 0) {
            new cloudflare.R2BucketLock(`${name}-lock`, { ...location, bucketName: bucket.name, rules: lockRules }, child);
        }
        this.registerOutputs({ bucket: bucket.name, jurisdiction: bucket.jurisdiction });
    }

    protectionsFor(prefix: string): ScopeProtections {
        const locked = this.lockedPrefixes.some((p) => prefix.startsWith(p));
        return { versioning: false, prefixLockDays: locked ? this.lockDays : undefined };
    }
}

/** The prefixes that get a lock rule: each copy prefix once, in a stable order. */
export function lockPrefixes(copyPrefixes: readonly string[]): string[] {
    return [...new Set(copyPrefixes)].sort();
}

/**
 * Rule IDs must be unique in the bucket's lock configuration; the prefix itself
 * is (normalised prefixes are distinct). Days stay out, so a new retention
 * updates the rule instead of replacing it.
 */
export function lockRuleId(prefix: string): string {
    return `copy-archive:${prefix === "" ? "(whole bucket)" : prefix}`;
}

export function r2LockRules(prefixes: readonly string[], days: number | undefined): cloudflare.types.input.R2BucketLockRule[] {
    if (days === undefined) return [];
    return prefixes.map((prefix) => ({
        id: lockRuleId(prefix),
        enabled: true,
        prefix,
        condition: { type: "Age", maxAgeSeconds: days * DAY_SECONDS },
    }));
}

/**
 * The whole-bucket rules, then one rule per copy prefix that deletes the
 * post-deploy test's probes at one day old. A copy token could delete them
 * itself, but under a lock rule it may not yet: R2 deletes nothing a lock still
 * retains, so there the probes go once the lock's retention has passed.
 */
export function r2LifecycleRules(config: R2RemoteConfig, copyPrefixes: readonly string[]): cloudflare.types.input.R2BucketLifecycleRule[] {
    const l = config.lifecycle;
    const rules: cloudflare.types.input.R2BucketLifecycleRule[] = [{
        id: "abort-incomplete-multipart-uploads",
        enabled: true,
        conditions: { prefix: "" },
        abortMultipartUploadsTransition: { condition: { type: "Age", maxAge: l.abortIncompleteMultipartUploadDays * DAY_SECONDS } },
    }];
    if (l.infrequentAccessAfterDays !== undefined || l.expirationDays !== undefined) {
        rules.push({
            id: "age-objects",
            enabled: true,
            conditions: { prefix: "" },
            storageClassTransitions: l.infrequentAccessAfterDays !== undefined
                ? [{ storageClass: "InfrequentAccess", condition: { type: "Age", maxAge: l.infrequentAccessAfterDays * DAY_SECONDS } }]
                : undefined,
            deleteObjectsTransition: l.expirationDays !== undefined
                ? { condition: { type: "Age", maxAge: l.expirationDays * DAY_SECONDS } }
                : undefined,
        });
    }
    for (const prefix of probeExpiryPrefixes(copyPrefixes)) {
        rules.push({
            id: `expire-postdeploy-probes:${prefix}`,
            enabled: true,
            conditions: { prefix },
            deleteObjectsTransition: { condition: { type: "Age", maxAge: DAY_SECONDS } },
        });
    }
    return rules;
}

export function describeR2Protections(config: R2RemoteConfig, lockedPrefixes: readonly string[]): string[] {
    const l = config.lifecycle;
    const out = [
        "versioning: not available on R2 (overwrites and deletes are final unless a bucket lock rule covers the object)",
        `lifecycle: abort incomplete uploads after ${l.abortIncompleteMultipartUploadDays} days`,
        `jurisdiction: ${config.jurisdiction ?? "default"}`,
    ];
    if (l.infrequentAccessAfterDays !== undefined) out.push(`lifecycle: objects move to Infrequent Access after ${l.infrequentAccessAfterDays} days`);
    if (l.expirationDays !== undefined) out.push(`lifecycle: objects are deleted after ${l.expirationDays} days (not before a lock rule's retention ends)`);
    for (const p of lockedPrefixes) {
        out.push(`bucket lock: objects under "${p}" cannot be deleted or overwritten until they are ${config.lockDays} days old`);
    }
    return out;
}
