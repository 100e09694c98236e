/**
 * A Backblaze B2 backup bucket: private, SSE-B2 by default, lifecycle rules
 * from the environment's config, optional file lock, tagged through
 * `bucketInfo`. B2 keeps every version (versioning cannot be switched off);
 * the lifecycle decides how long hidden and replaced versions survive.
 */
import * as b2 from "@pulumi/b2";
import * as pulumi from "@pulumi/pulumi";
import type { B2RemoteConfig } from "../config/b2";
import type { BucketFacts } from "../leaf";
import type { ScopeProtections } from "../permissions/effective";

export interface B2BucketArgs {
    readonly environment: string;
    readonly remote: string;
    readonly config: B2RemoteConfig;
    readonly protect: boolean;
}

export function b2S3Endpoint(region: string): string {
    return `https://s3.${region}.backblazeb2.com`;
}

export class B2BackupBucket extends pulumi.ComponentResource implements BucketFacts {
    readonly bucket: string;
    readonly endpoint: string;
    readonly region: string;
    readonly protections: readonly string[];
    /** The ID application keys are restricted to (`bucketIds`). */
    readonly bucketId: pulumi.Output<string>;
    readonly bucketResource: b2.Bucket;
    private readonly config: B2RemoteConfig;

    constructor(name: string, args: B2BucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup-remotes:b2:BackupBucket", name, {}, opts);
        const { config } = args;
        this.config = config;
        this.bucket = config.bucket;
        this.region = config.region;
        this.endpoint = b2S3Endpoint(config.region);
        this.protections = describeB2Protections(config);

        const bucket = new b2.Bucket(name, {
            bucketName: config.bucket,
            bucketType: "allPrivate",
            bucketInfo: b2BucketInfo(args.environment, args.remote),
            lifecycleRules: b2LifecycleRules(config),
            defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
            fileLockConfigurations: config.objectLock ? [{
                isFileLockEnabled: true,
                defaultRetention: {
                    mode: config.objectLock.mode.toLowerCase(),
                    period: { duration: config.objectLock.days, unit: "days" },
                },
            }] : undefined,
        }, { parent: this, protect: args.protect, retainOnDelete: args.protect });
        this.bucketResource = bucket;
        this.bucketId = bucket.bucketId;
        this.registerOutputs({ bucket: bucket.bucketName, bucketId: bucket.bucketId });
    }

    protectionsFor(_prefix: string): ScopeProtections {
        const c = this.config;
        return {
            // B2 buckets always keep versions; a hide or an overwrite leaves the old version in place.
            versioning: true,
            noncurrentVersionDays: c.lifecycle.noncurrentVersionExpirationDays,
            objectLockDays: c.objectLock?.days,
        };
    }
}

/**
 * The bucket's tags. Plain token keys rather than the `backup-remotes:`-scoped
 * tag keys of AWS: B2 carries bucket info like file info, as header-style names.
 */
export function b2BucketInfo(environment: string, remote: string): Record<string, string> {
    return { environment, "managed-by": "backup-remotes", remote };
}

/**
 * One rule for the whole bucket: hidden and replaced versions are deleted N
 * days after they stop being current, unfinished large files are cancelled, and
 * current files are optionally hidden after `expirationDays`.
 *
 * It is the only rule there can be: B2 refuses two rules that apply to the same
 * files, and "" covers every file. So the post-deploy probes get no rule of
 * their own here (unlike AWS and R2): a copy key hides its probe (writeFiles),
 * and this rule deletes the hidden version after `noncurrentVersionExpirationDays`.
 */
export function b2LifecycleRules(config: B2RemoteConfig): b2.types.input.BucketLifecycleRule[] {
    const l = config.lifecycle;
    return [{
        fileNamePrefix: "",
        daysFromHidingToDeleting: l.noncurrentVersionExpirationDays,
        daysFromStartingToCancelingUnfinishedLargeFiles: l.abortIncompleteMultipartUploadDays,
        ...(l.expirationDays !== undefined ? { daysFromUploadingToHiding: l.expirationDays } : {}),
    }];
}

export function describeB2Protections(config: B2RemoteConfig): string[] {
    const l = config.lifecycle;
    const out = [
        `versions always kept (hidden and replaced versions deleted ${l.noncurrentVersionExpirationDays} days after hiding)`,
        `lifecycle: cancel unfinished large files after ${l.abortIncompleteMultipartUploadDays} days`,
        "encryption: SSE-B2",
        "private bucket (allPrivate)",
    ];
    if (l.expirationDays !== undefined) out.push(`lifecycle: current files hidden ${l.expirationDays} days after upload`);
    if (config.objectLock) out.push(`file lock: ${config.objectLock.mode} ${config.objectLock.days} days`);
    return out;
}
