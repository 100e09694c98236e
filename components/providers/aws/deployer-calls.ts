/**
 * What `pulumi up`, `pulumi refresh` and `pulumi destroy` call on AWS for each
 * resource type this program registers, as IAM actions, and on which ARN.
 *
 * Read in the provider's source, not recalled: @pulumi/aws 7 bridges
 * terraform-provider-aws 6 (pulumi/pulumi-aws provider/resources.go maps
 * `aws_s3_bucket` to `aws.s3.Bucket`), whose calls live in
 * hashicorp/terraform-provider-aws internal/service/s3/*.go and
 * internal/service/iam/*.go (files named per row). The API operation → IAM
 * action mapping is AWS's "Required permissions for Amazon S3 API operations"
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html):
 * e.g. HeadBucket needs s3:ListBucket, DeleteBucketLifecycle needs
 * s3:PutLifecycleConfiguration, DeletePublicAccessBlock needs
 * s3:PutBucketPublicAccessBlock, DeleteBucketTagging needs s3:PutBucketTagging.
 *
 * test/deployer-policy/aws-policy.test.ts derives (action, ARN) pairs from the
 * offline plan's resources through this table: a resource type the program
 * registers without a row here fails that test.
 */
import { AWS_TYPES } from "./resources";

export interface AwsResourceCalls {
    /** The ARN the calls are authorised against: the bucket, or the IAM user the resource belongs to. */
    readonly on: "bucket" | "user";
    /** Create, read (every refresh, and after every write), update. */
    readonly maintain: readonly string[];
    /** Also needed on create when the resource has this input set (truthy). */
    readonly whenInput?: Readonly<Record<string, readonly string[]>>;
    /** Delete: needed only where the engine may delete the resource (not protected, not retained). */
    readonly remove: readonly string[];
    /** Where the calls were read. */
    readonly source: string;
}

/** Every read resourceBucketRead makes; an AccessDenied on any of them fails the read. */
const BUCKET_READS = [
    "s3:ListBucket", // HeadBucket: findBucket (existence, after create, wait after delete) and findBucketRegion
    "s3:GetBucketPolicy",
    "s3:GetBucketAcl",
    "s3:GetBucketCORS",
    "s3:GetBucketWebsite",
    "s3:GetBucketVersioning",
    "s3:GetAccelerateConfiguration",
    "s3:GetBucketRequestPayment",
    "s3:GetBucketLogging",
    "s3:GetLifecycleConfiguration",
    "s3:GetReplicationConfiguration",
    "s3:GetEncryptionConfiguration",
    "s3:GetBucketObjectLockConfiguration",
    // Tags: resourceBucketRead sets none, so the tags interceptor lists them (bucketListTags → GetBucketTagging).
    "s3:GetBucketTagging",
] as const;

export const AWS_RESOURCE_CALLS: Readonly<Record<string, AwsResourceCalls>> = {
    [AWS_TYPES.bucket]: {
        on: "bucket",
        // CreateBucket always sends the canned ACL "private" (x-amz-acl), which AWS authorises with s3:PutBucketAcl;
        // tags: bucketCreateTags/bucketUpdateTags read them, then PutBucketTagging (DeleteBucketTagging: same action).
        maintain: ["s3:CreateBucket", "s3:PutBucketAcl", "s3:PutBucketTagging", ...BUCKET_READS],
        // ObjectLockEnabledForBucket on CreateBucket needs both (AWS: CreateBucket, "Object Lock").
        whenInput: { objectLockEnabled: ["s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning"] },
        // forceDestroy is false: DeleteBucket only, then HeadBucket until it is gone; no object is read or deleted.
        remove: ["s3:DeleteBucket", "s3:ListBucket"],
        source: "internal/service/s3/bucket.go (resourceBucketCreate/Read/Update/Delete, findBucket, findBucketRegion), " +
            "internal/service/s3/tags.go, internal/provider/sdkv2/tags_interceptor.go",
    },
    [AWS_TYPES.versioning]: {
        on: "bucket",
        maintain: ["s3:PutBucketVersioning", "s3:GetBucketVersioning"],
        // Delete suspends versioning (PutBucketVersioning Status=Suspended).
        remove: ["s3:PutBucketVersioning"],
        source: "internal/service/s3/bucket_versioning.go",
    },
    [AWS_TYPES.lifecycle]: {
        on: "bucket",
        maintain: ["s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"],
        // DeleteBucketLifecycle, then GetBucketLifecycleConfiguration until it is gone.
        remove: ["s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"],
        source: "internal/service/s3/bucket_lifecycle_configuration.go",
    },
    [AWS_TYPES.encryption]: {
        on: "bucket",
        // PutBucketEncryption names the KMS key but S3 does not use or validate it there (AWS API reference,
        // PutBucketEncryption), and the provider makes no KMS call: an SSE-KMS bucket needs no kms: action here.
        maintain: ["s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration"],
        remove: ["s3:PutEncryptionConfiguration"], // DeleteBucketEncryption
        source: "internal/service/s3/bucket_server_side_encryption_configuration.go",
    },
    [AWS_TYPES.publicAccessBlock]: {
        on: "bucket",
        maintain: ["s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"],
        remove: ["s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"], // DeletePublicAccessBlock, then wait
        source: "internal/service/s3/bucket_public_access_block.go",
    },
    [AWS_TYPES.ownership]: {
        on: "bucket",
        maintain: ["s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"],
        remove: ["s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"], // DeleteBucketOwnershipControls, then wait
        source: "internal/service/s3/bucket_ownership_controls.go",
    },
    [AWS_TYPES.bucketPolicy]: {
        on: "bucket",
        maintain: ["s3:PutBucketPolicy", "s3:GetBucketPolicy"],
        remove: ["s3:DeleteBucketPolicy"],
        source: "internal/service/s3/bucket_policy.go",
    },
    [AWS_TYPES.objectLock]: {
        on: "bucket",
        maintain: ["s3:PutBucketObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"],
        // Delete puts the configuration back without a rule (Object Lock itself cannot be turned off).
        remove: ["s3:PutBucketObjectLockConfiguration"],
        source: "internal/service/s3/bucket_object_lock_configuration.go",
    },
    [AWS_TYPES.user]: {
        on: "user",
        // CreateUser carries the tags, which AWS authorises with iam:TagUser too; tag changes: TagUser/UntagUser.
        // Reads use GetUser, which returns the tags (so the interceptor lists none). Name and path never change in
        // place (both derive from the environment, credential and host, as does the resource name): no UpdateUser.
        maintain: ["iam:CreateUser", "iam:TagUser", "iam:UntagUser", "iam:GetUser"],
        // deleteUserGroupMemberships lists the user's groups first; force_destroy is off.
        remove: ["iam:ListGroupsForUser", "iam:DeleteUser"],
        source: "internal/service/iam/user.go",
    },
    [AWS_TYPES.userPolicy]: {
        on: "user",
        maintain: ["iam:PutUserPolicy", "iam:GetUserPolicy"],
        remove: ["iam:DeleteUserPolicy"],
        source: "internal/service/iam/user_policy.go",
    },
    [AWS_TYPES.accessKey]: {
        on: "user",
        // Read is ListAccessKeys filtered by id; status is never set, so no UpdateAccessKey.
        maintain: ["iam:CreateAccessKey", "iam:ListAccessKeys"],
        remove: ["iam:DeleteAccessKey"],
        source: "internal/service/iam/access_key.go",
    },
};

/**
 * Provider functions the program calls, and what they need. GetCallerIdentity
 * (the root-credentials guard; the provider also calls it to validate
 * credentials) needs no permission: "No permissions are required to perform
 * this operation" (AWS STS API reference, GetCallerIdentity).
 */
export const AWS_FUNCTION_CALLS: Readonly<Record<string, readonly string[]>> = {
    [AWS_TYPES.getCallerIdentity]: [],
};
