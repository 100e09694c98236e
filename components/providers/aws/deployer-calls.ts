/**
 * What `pulumi up`, `pulumi refresh` and `pulumi destroy` call on AWS for each
 * resource type this program registers: every API call, the IAM action AWS
 * authorises it with, and the ARN it is authorised against.
 *
 * Read for the provider the lock file pins (AWS_PROVIDER_READ), not recalled:
 * @pulumi/aws 7 bridges terraform-provider-aws 6 (pulumi/pulumi-aws
 * provider/resources.go maps `aws_s3_bucket` to `aws.s3.Bucket`), whose calls
 * live in hashicorp/terraform-provider-aws internal/service/s3/*.go and
 * internal/service/iam/*.go (files named per row). The API operation → IAM
 * action mapping is AWS's "Required permissions for Amazon S3 API operations"
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html)
 * and the S3 Control API reference: e.g. HeadBucket needs s3:ListBucket,
 * DeleteBucketLifecycle needs s3:PutLifecycleConfiguration, DeletePublicAccessBlock
 * needs s3:PutBucketPublicAccessBlock; S3 Control TagResource, UntagResource and
 * ListTagsForResource on a general purpose bucket need s3:TagResource,
 * s3:UntagResource and s3:ListTagsForResource, with the bucket's ARN as the
 * resource (its `resourceArn`; the x-amz-account-id header only routes the
 * request to the account's S3 Control endpoint, so no account-level resource).
 *
 * test/deployer-policy/aws-policy.test.ts derives (action, ARN) pairs from the
 * offline plan's resources through this table: a resource type the program
 * registers without a row here fails that test, and so does a lock file that
 * pins another @pulumi/aws than the one the table was read for.
 */
import { AWS_TYPES } from "./resources";

/** The provider version the table was read for. Moving the lock file means reading the calls again. */
export const AWS_PROVIDER_READ = {
    /** package-lock.json's @pulumi/aws. */
    pulumiAws: "7.48.0",
    /**
     * What it bridges. pulumi-aws records it only as its `upstream` submodule commit; the v6.23 tagging
     * change (hashicorp/terraform-provider-aws#45251) reached pulumi-aws in v7.13.0 (pulumi/pulumi-aws#6317),
     * and 7.48.0's aws.agentregistry.Registry has autoDetectionConfiguration, added upstream after v6.64.0
     * (hashicorp/terraform-provider-aws#49964, September 2026). The exact minor is not verified here.
     */
    terraformProviderAws: "v6.65 or later (6.x, after the v6.23.0 tagging change)",
} as const;

/** One API call the provider makes, and the IAM action AWS authorises it with. */
export interface AwsCall {
    /** "<service> <Operation>", as in the AWS API reference (S3, S3 Control, IAM). */
    readonly api: string;
    readonly action: string;
    /**
     * AWS puts iam:PermissionsBoundary in the request (the boundary being set, or the user's): the deploy policy allows
     * the call only when it is the environment's boundary (deployer.ts).
     */
    readonly bounded?: true;
}

export interface AwsResourceCalls {
    /** The ARN the calls are authorised against: the bucket, the IAM user the resource belongs to, or the boundary policy. */
    readonly on: "bucket" | "user" | "policy";
    /** Create, read (every refresh, and after every write), update. */
    readonly maintain: readonly AwsCall[];
    /** Also made on create when the resource has this input set (truthy). */
    readonly whenInput?: Readonly<Record<string, readonly AwsCall[]>>;
    /** Delete: needed only where the engine may delete the resource (not protected, not retained). */
    readonly remove: readonly AwsCall[];
    /** Where the calls were read. */
    readonly source: string;
}

const s3 = (operation: string, action: string): AwsCall => ({ api: `S3 ${operation}`, action });
const s3Control = (operation: string, action: string): AwsCall => ({ api: `S3 Control ${operation}`, action });
const iam = (operation: string): AwsCall => ({ api: `IAM ${operation}`, action: `iam:${operation}` });
/** A call AWS authorises with the iam:PermissionsBoundary condition key ("Condition keys for IAM": CreateUser, PutUserPolicy, …). */
const bounded = (operation: string): AwsCall => ({ ...iam(operation), bounded: true });

/** findBucket and findBucketRegion: existence after create, every read, the wait after delete. */
const HEAD_BUCKET = s3("HeadBucket", "s3:ListBucket");

/** Every read resourceBucketRead makes; an AccessDenied on any of them fails the read. */
const BUCKET_READS: readonly AwsCall[] = [
    HEAD_BUCKET,
    s3("GetBucketPolicy", "s3:GetBucketPolicy"),
    // The `acl`/`grant` attributes are computed from it: a read, never a write (no PutBucketAcl below).
    s3("GetBucketAcl", "s3:GetBucketAcl"),
    s3("GetBucketCors", "s3:GetBucketCORS"),
    s3("GetBucketWebsite", "s3:GetBucketWebsite"),
    s3("GetBucketVersioning", "s3:GetBucketVersioning"),
    s3("GetBucketAccelerateConfiguration", "s3:GetAccelerateConfiguration"),
    s3("GetBucketRequestPayment", "s3:GetBucketRequestPayment"),
    s3("GetBucketLogging", "s3:GetBucketLogging"),
    s3("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
    s3("GetBucketReplication", "s3:GetReplicationConfiguration"),
    s3("GetBucketEncryption", "s3:GetEncryptionConfiguration"),
    s3("GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"),
    // Tags (from v6.23): the S3 Control tagging API first; GetBucketTagging only if it is refused (AWS_CALLS_NOT_GRANTED).
    s3Control("ListTagsForResource", "s3:ListTagsForResource"),
];

export const AWS_RESOURCE_CALLS: Readonly<Record<string, AwsResourceCalls>> = {
    [AWS_TYPES.bucket]: {
        on: "bucket",
        maintain: [
            // No `acl` input: CreateBucket sends no x-amz-acl, so s3:CreateBucket is all it needs for itself.
            s3("CreateBucket", "s3:CreateBucket"),
            // From v6.23 the tags ride in CreateBucketConfiguration.Tags, which AWS authorises with s3:TagResource.
            s3("CreateBucket (with tags)", "s3:TagResource"),
            // Tag changes: S3 Control TagResource / UntagResource on the bucket's ARN.
            s3Control("TagResource", "s3:TagResource"),
            s3Control("UntagResource", "s3:UntagResource"),
            ...BUCKET_READS,
        ],
        // ObjectLockEnabledForBucket on CreateBucket needs both (AWS: CreateBucket, "Object Lock").
        whenInput: {
            objectLockEnabled: [
                s3("CreateBucket (ObjectLockEnabledForBucket)", "s3:PutBucketObjectLockConfiguration"),
                s3("CreateBucket (ObjectLockEnabledForBucket)", "s3:PutBucketVersioning"),
            ],
        },
        // forceDestroy is false: DeleteBucket only, then HeadBucket until it is gone; no object is read or deleted.
        remove: [s3("DeleteBucket", "s3:DeleteBucket"), HEAD_BUCKET],
        source:
            "internal/service/s3/bucket.go (resourceBucketCreate/Read/Update/Delete, findBucket, findBucketRegion), " +
            "internal/service/s3/tags.go (bucket tags through S3 Control, falling back to the S3 tagging API), " +
            "internal/provider/sdkv2/tags_interceptor.go; hashicorp/terraform-provider-aws#45251 (v6.23.0)",
    },
    [AWS_TYPES.versioning]: {
        on: "bucket",
        maintain: [s3("PutBucketVersioning", "s3:PutBucketVersioning"), s3("GetBucketVersioning", "s3:GetBucketVersioning")],
        // Delete suspends versioning (PutBucketVersioning Status=Suspended).
        remove: [s3("PutBucketVersioning", "s3:PutBucketVersioning")],
        source: "internal/service/s3/bucket_versioning.go",
    },
    [AWS_TYPES.lifecycle]: {
        on: "bucket",
        maintain: [
            s3("PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"),
            s3("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
        ],
        // DeleteBucketLifecycle, then GetBucketLifecycleConfiguration until it is gone.
        remove: [s3("DeleteBucketLifecycle", "s3:PutLifecycleConfiguration"), s3("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration")],
        source: "internal/service/s3/bucket_lifecycle_configuration.go",
    },
    [AWS_TYPES.encryption]: {
        on: "bucket",
        // PutBucketEncryption names the KMS key but S3 does not use or validate it there (AWS API reference,
        // PutBucketEncryption), and the provider makes no KMS call: an SSE-KMS bucket needs no kms: action here.
        maintain: [s3("PutBucketEncryption", "s3:PutEncryptionConfiguration"), s3("GetBucketEncryption", "s3:GetEncryptionConfiguration")],
        remove: [s3("DeleteBucketEncryption", "s3:PutEncryptionConfiguration")],
        source: "internal/service/s3/bucket_server_side_encryption_configuration.go",
    },
    [AWS_TYPES.publicAccessBlock]: {
        on: "bucket",
        maintain: [s3("PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock"), s3("GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock")],
        remove: [s3("DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock"), s3("GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock")],
        source: "internal/service/s3/bucket_public_access_block.go",
    },
    [AWS_TYPES.ownership]: {
        on: "bucket",
        maintain: [s3("PutBucketOwnershipControls", "s3:PutBucketOwnershipControls"), s3("GetBucketOwnershipControls", "s3:GetBucketOwnershipControls")],
        remove: [s3("DeleteBucketOwnershipControls", "s3:PutBucketOwnershipControls"), s3("GetBucketOwnershipControls", "s3:GetBucketOwnershipControls")],
        source: "internal/service/s3/bucket_ownership_controls.go",
    },
    [AWS_TYPES.bucketPolicy]: {
        on: "bucket",
        maintain: [s3("PutBucketPolicy", "s3:PutBucketPolicy"), s3("GetBucketPolicy", "s3:GetBucketPolicy")],
        // DeleteBucketPolicy, then GetBucketPolicy until it is gone.
        remove: [s3("DeleteBucketPolicy", "s3:DeleteBucketPolicy"), s3("GetBucketPolicy", "s3:GetBucketPolicy")],
        source: "internal/service/s3/bucket_policy.go",
    },
    [AWS_TYPES.objectLock]: {
        on: "bucket",
        maintain: [
            s3("PutObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration"),
            s3("GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"),
        ],
        // Delete puts the configuration back without a rule (Object Lock itself cannot be turned off).
        remove: [s3("PutObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration")],
        source: "internal/service/s3/bucket_object_lock_configuration.go",
    },
    [AWS_TYPES.user]: {
        on: "user",
        // CreateUser carries the tags, which AWS authorises with iam:TagUser too; tag changes: TagUser/UntagUser.
        // Reads use GetUser, which returns the tags (so the interceptor lists none). Name and path never change in
        // place (both derive from the environment, credential and host, as does the resource name): no UpdateUser.
        // CreateUser carries the permissions boundary; a user created before it had one gets it by PutUserPermissionsBoundary
        // (resourceUserUpdate). Its removal (DeleteUserPermissionsBoundary) is never granted: AWS_CALLS_NOT_GRANTED.
        maintain: [
            bounded("CreateUser"),
            { api: "IAM CreateUser (with tags)", action: "iam:TagUser" },
            iam("TagUser"),
            iam("UntagUser"),
            iam("GetUser"),
            bounded("PutUserPermissionsBoundary"),
        ],
        // deleteUserGroupMemberships lists the user's groups first; force_destroy is off.
        remove: [iam("ListGroupsForUser"), iam("DeleteUser")],
        source: "internal/service/iam/user.go",
    },
    [AWS_TYPES.userPolicy]: {
        on: "user",
        // iam:PermissionsBoundary is the user's boundary: a policy is written only on a bounded user.
        maintain: [bounded("PutUserPolicy"), iam("GetUserPolicy")],
        remove: [iam("DeleteUserPolicy")],
        source: "internal/service/iam/user_policy.go",
    },
    [AWS_TYPES.policy]: {
        on: "policy",
        // The environment's permissions boundary (boundary.ts). CreatePolicy carries the tags (iam:TagPolicy too); reads are
        // GetPolicy (which returns the tags) and GetPolicyVersion of the default version. A changed document is
        // ListPolicyVersions, DeletePolicyVersion (the oldest, at five), CreatePolicyVersion, SetDefaultPolicyVersion:
        // not granted (AWS_CALLS_NOT_GRANTED), an admin widens the boundary (docs/deploying.md).
        maintain: [
            iam("CreatePolicy"),
            { api: "IAM CreatePolicy (with tags)", action: "iam:TagPolicy" },
            iam("TagPolicy"),
            iam("UntagPolicy"),
            iam("GetPolicy"),
            iam("GetPolicyVersion"),
        ],
        // Never made: the program retains the policy (retainOnDelete), and the deploy policy denies them.
        remove: [iam("ListPolicyVersions"), iam("DeletePolicyVersion"), iam("DeletePolicy")],
        source: "internal/service/iam/policy.go (resourcePolicyCreate/Read/Update/Delete, policyPruneVersions)",
    },
    [AWS_TYPES.accessKey]: {
        on: "user",
        // Read is ListAccessKeys filtered by id; status is never set, so no UpdateAccessKey.
        maintain: [iam("CreateAccessKey"), iam("ListAccessKeys")],
        remove: [iam("DeleteAccessKey")],
        source: "internal/service/iam/access_key.go",
    },
};

/** A call the provider can make that the deploy policy deliberately does not grant, and why that is safe. */
export interface AwsCallNotGranted extends AwsCall {
    readonly on: AwsResourceCalls["on"];
    readonly why: string;
}

export const AWS_CALLS_NOT_GRANTED: readonly AwsCallNotGranted[] = [
    {
        api: "S3 PutBucketAcl",
        action: "s3:PutBucketAcl",
        on: "bucket",
        why:
            "made only when the bucket's `acl` or `grant` input changes, and the program sets neither (ACLs are disabled by " +
            "BucketOwnerEnforced); CreateBucket without an ACL needs only s3:CreateBucket",
    },
    ...["GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging"].map(
        (operation): AwsCallNotGranted => ({
            api: `S3 ${operation}`,
            action: operation === "GetBucketTagging" ? "s3:GetBucketTagging" : "s3:PutBucketTagging",
            on: "bucket",
            why:
                "the fallback the provider takes only when the S3 Control tagging call is refused (and which it warns may fail " +
                "under ABAC); the S3 Control tagging actions are granted instead",
        }),
    ),
    ...["CreatePolicyVersion", "SetDefaultPolicyVersion"].map(
        (operation): AwsCallNotGranted => ({
            ...iam(operation),
            on: "policy",
            why:
                "made only when the boundary's document changes (after ListPolicyVersions and, at five versions, DeletePolicyVersion): " +
                "the deploy credential must never widen the boundary of the users it creates; an admin creates the new version " +
                "and `pulumi up --refresh` reads it back (docs/deploying.md)",
        }),
    ),
    {
        ...iam("DeleteUserPermissionsBoundary"),
        on: "user",
        why: "made only when a user's permissionsBoundary is removed, which the program never does: it would uncap the user's policies",
    },
];

/**
 * Provider functions the program calls, and what they need. GetCallerIdentity
 * (the root-credentials guard; the provider also calls it to validate
 * credentials and to learn the account the S3 Control calls name) needs no
 * permission: "No permissions are required to perform this operation" (AWS
 * STS API reference, GetCallerIdentity).
 */
export const AWS_FUNCTION_CALLS: Readonly<Record<string, readonly string[]>> = {
    [AWS_TYPES.getCallerIdentity]: [],
};
