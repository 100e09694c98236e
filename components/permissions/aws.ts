/**
 * AWS IAM grants for a role, scoped to one bucket and prefix.
 *
 * Deliberately absent for every role: s3:ListAllMyBuckets (unscopable, reveals
 * every bucket name), s3:CreateBucket (rclone sections set no_check_bucket),
 * wildcards, bucket-level administration and version-level deletes
 * (s3:DeleteObjectVersion would defeat versioning as the undo for deletes).
 */
import type { Capability, Role } from "./roles";
import { ROLE_CAPABILITIES } from "./roles";

/** Object-level IAM actions per capability. `list` is bucket-level (below). */
export const AWS_OBJECT_ACTIONS: Readonly<Record<Exclude<Capability, "list">, readonly string[]>> = {
    // GetObjectVersion: restoring a noncurrent version is part of reading a
    // backup, and rclone < 1.61 HEADs uploads with ?versionId=.
    read: ["s3:GetObject", "s3:GetObjectVersion"],
    // Multipart uploads need AbortMultipartUpload to clean up after a failure.
    write: ["s3:PutObject", "s3:AbortMultipartUpload"],
    // DeleteObject on a versioned bucket only adds a delete marker.
    delete: ["s3:DeleteObject"],
};

export const AWS_LIST_ACTION = "s3:ListBucket";

/** Actions no generated policy may contain; the policy pack checks the same list. */
export const AWS_FORBIDDEN_ACTIONS: readonly string[] = [
    "*",
    "s3:*",
    "iam:*",
    "s3:ListAllMyBuckets",
    "s3:CreateBucket",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketObjectLockConfiguration",
    "s3:PutObjectRetention",
    "s3:BypassGovernanceRetention",
    "s3:PutBucketAcl",
    "s3:PutObjectAcl",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketOwnershipControls",
    "s3:DeleteObjectVersion",
];

export interface IamStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface IamPolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly IamStatement[];
}

export function bucketArn(bucket: string): string {
    return `arn:aws:s3:::${bucket}`;
}

/** The inline policy of one credential. `prefix` is normalised ("" or "a/b/"). */
export function awsPolicyDocument(role: Role, bucket: string, prefix: string): IamPolicyDocument {
    const capabilities = ROLE_CAPABILITIES[role];
    const statements: IamStatement[] = [];
    if (capabilities.includes("list")) {
        statements.push({
            Sid: "ListWithinPrefix",
            Effect: "Allow",
            Action: [AWS_LIST_ACTION],
            Resource: [bucketArn(bucket)],
            // Without a prefix the whole bucket is the credential's scope.
            ...(prefix ? { Condition: { StringLike: { "s3:prefix": [prefix, `${prefix}*`] } } } : {}),
        });
    }
    const objectActions = capabilities.flatMap((c) => (c === "list" ? [] : AWS_OBJECT_ACTIONS[c]));
    if (objectActions.length > 0) {
        statements.push({
            Sid: "ObjectsWithinPrefix",
            Effect: "Allow",
            Action: objectActions,
            Resource: [`${bucketArn(bucket)}/${prefix}*`],
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
