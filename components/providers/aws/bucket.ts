/**
 * An AWS S3 backup bucket with safe defaults: versioning, lifecycle, default
 * encryption, all public access blocked, ACLs disabled, TLS-only policy,
 * optional Object Lock. In protected environments every child is protected:
 * deleting the versioning or lock resource would weaken the bucket too.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { probeExpiryPrefixes } from "../../probes";
import { standardTags, TAG } from "../../tags";
import { componentType, type BucketArgs, type BucketModel } from "../profile";
import { AWS_OBJECT_OWNERSHIP, bucketArn } from "./access";
import { awsBucketModel } from "./protections";
import { AWS, type AwsRemoteConfig } from "./schema";

export class AwsBackupBucket extends pulumi.ComponentResource {
    readonly model: BucketModel;
    readonly bucketResource: aws.s3.Bucket;

    constructor(name: string, args: BucketArgs<AwsRemoteConfig>, opts?: pulumi.ComponentResourceOptions) {
        super(componentType(AWS, "BackupBucket"), name, {}, opts);
        const { config } = args;
        this.model = awsBucketModel(config);

        const child: pulumi.CustomResourceOptions = { parent: this, protect: args.protect };
        const region = config.region;
        const tags = standardTags(args.environment, { [TAG.remote]: args.remote });

        const bucket = new aws.s3.Bucket(
            name,
            {
                bucket: config.bucket,
                region,
                // Never let the engine empty a backup bucket to delete it.
                forceDestroy: false,
                objectLockEnabled: config.objectLock ? true : undefined,
                tags,
            },
            { ...child, retainOnDelete: args.protect },
        );
        this.bucketResource = bucket;

        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            {
                bucket: bucket.id,
                region,
                rule: { objectOwnership: AWS_OBJECT_OWNERSHIP },
            },
            child,
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            {
                bucket: bucket.id,
                region,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            child,
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                region,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: config.encryption.algorithm,
                            kmsMasterKeyId: config.encryption.kmsKeyArn,
                        },
                        bucketKeyEnabled: config.encryption.algorithm === "aws:kms" ? true : undefined,
                    },
                ],
            },
            child,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            {
                bucket: bucket.id,
                region,
                versioningConfiguration: { status: config.versioning ? "Enabled" : "Suspended" },
            },
            child,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                region,
                rules: lifecycleRules(config, args.copyPrefixes),
            },
            { ...child, dependsOn: [versioning] },
        );
        new aws.s3.BucketPolicy(
            `${name}-tls-only`,
            {
                bucket: bucket.id,
                region,
                policy: tlsOnlyPolicy(config.bucket),
            },
            { ...child, dependsOn: [publicAccess, ownership] },
        );
        if (config.objectLock) {
            new aws.s3.BucketObjectLockConfiguration(
                `${name}-object-lock`,
                {
                    bucket: bucket.id,
                    region,
                    rule: { defaultRetention: { mode: config.objectLock.mode, days: config.objectLock.days } },
                },
                { ...child, dependsOn: [versioning] },
            );
        }
        this.registerOutputs({ bucket: bucket.bucket, arn: bucket.arn });
    }
}

/** S3 limits a lifecycle rule ID to 255 characters. */
const MAX_RULE_ID = 255;

/**
 * The rule's ID names its prefix, so adding a copy prefix adds a rule instead of
 * renumbering the others; a prefix too long for an ID is named by its hash.
 */
export function probeRuleId(probePrefix: string): string {
    const id = `expire-postdeploy-probes:${probePrefix}`;
    return id.length <= MAX_RULE_ID ? id : `expire-postdeploy-probes:sha256:${createHash("sha256").update(probePrefix).digest("hex")}`;
}

/**
 * The whole-bucket rules, then one rule per copy prefix that expires the
 * post-deploy test's probes (a copy key cannot delete them): current version
 * after a day, the version that leaves behind a day later. S3 applies
 * overlapping rules side by side, the shorter expiry winning.
 */
export function lifecycleRules(config: AwsRemoteConfig, copyPrefixes: readonly string[]): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const l = config.lifecycle;
    const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
        {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: { prefix: "" },
            abortIncompleteMultipartUpload: { daysAfterInitiation: l.abortIncompleteMultipartUploadDays },
        },
        {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: { prefix: "" },
            noncurrentVersionExpiration: { noncurrentDays: l.noncurrentVersionExpirationDays },
            // Delete markers with no versions left behind only slow listings down.
            expiration: { expiredObjectDeleteMarker: true },
        },
    ];
    if (l.transitions.length > 0 || l.expirationDays !== undefined) {
        rules.push({
            id: "age-current-objects",
            status: "Enabled",
            filter: { prefix: "" },
            transitions: l.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
            expiration: l.expirationDays !== undefined ? { days: l.expirationDays } : undefined,
        });
    }
    for (const prefix of probeExpiryPrefixes(copyPrefixes)) {
        rules.push({
            id: probeRuleId(prefix),
            status: "Enabled",
            filter: { prefix },
            expiration: { days: 1 },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
        });
    }
    return rules;
}

export function tlsOnlyPolicy(bucket: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn(bucket), `${bucketArn(bucket)}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}
