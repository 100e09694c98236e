/**
 * A Backblaze B2 backup bucket: private, SSE-B2 by default, lifecycle rules
 * from the environment's config, optional file lock, tagged through
 * `bucketInfo`.
 */
import * as b2 from "@pulumi/b2";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_BY, TAG } from "../../tags";
import { componentType, type BucketArgs, type BucketModel } from "../profile";
import { b2BucketModel } from "./protections";
import { B2, type B2RemoteConfig } from "./schema";

export class B2BackupBucket extends pulumi.ComponentResource {
    readonly model: BucketModel;
    /** The ID application keys are restricted to. */
    readonly bucketId: pulumi.Output<string>;
    readonly bucketResource: b2.Bucket;

    constructor(name: string, args: BucketArgs<B2RemoteConfig>, opts?: pulumi.ComponentResourceOptions) {
        super(componentType(B2, "BackupBucket"), name, {}, opts);
        const { config } = args;
        this.model = b2BucketModel(config);

        const bucket = new b2.Bucket(
            name,
            {
                bucketName: config.bucket,
                bucketType: "allPrivate",
                bucketInfo: b2BucketInfo(args.environment, args.remote),
                lifecycleRules: b2LifecycleRules(config),
                defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
                fileLockConfigurations: config.objectLock
                    ? [
                          {
                              isFileLockEnabled: true,
                              defaultRetention: {
                                  mode: config.objectLock.mode.toLowerCase(),
                                  period: { duration: config.objectLock.days, unit: "days" },
                              },
                          },
                      ]
                    : undefined,
            },
            { parent: this, protect: args.protect, retainOnDelete: args.protect },
        );
        this.bucketResource = bucket;
        this.bucketId = bucket.bucketId;
        this.registerOutputs({ bucket: bucket.bucketName, bucketId: bucket.bucketId });
    }
}

/**
 * The bucket's tags. Plain token keys rather than the `backup-remotes:`-scoped
 * tag keys of AWS: B2 carries bucket info like file info, as header-style names.
 */
export function b2BucketInfo(environment: string, remote: string): Record<string, string> {
    return { environment, [TAG.managedBy]: MANAGED_BY, remote };
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
    return [
        {
            fileNamePrefix: "",
            daysFromHidingToDeleting: l.noncurrentVersionExpirationDays,
            daysFromStartingToCancelingUnfinishedLargeFiles: l.abortIncompleteMultipartUploadDays,
            ...(l.expirationDays !== undefined ? { daysFromUploadingToHiding: l.expirationDays } : {}),
        },
    ];
}
