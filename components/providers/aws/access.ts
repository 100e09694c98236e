/**
 * AWS IAM grants for a role, scoped to one bucket and prefix.
 *
 * Deliberately absent for every role: s3:ListAllMyBuckets (unscopable, reveals
 * every bucket name), s3:CreateBucket (rclone sections set no_check_bucket),
 * wildcards, bucket-level administration, version-level deletes
 * (s3:DeleteObjectVersion would defeat versioning as the undo for deletes) and
 * any ACL but the one every upload carries (below, AWS_OWNER_ACL).
 */
import type { AccessModel } from "../../permissions/access";
import { conditionedGrants, grantsForCapability, grantsForRole } from "../../permissions/access";
import type { DeviationCatalogue } from "../../permissions/effective";
import type { Capability, Role } from "../../permissions/roles";
import { ROLE_CAPABILITIES } from "../../permissions/roles";

// The condition that limits a key to its host's addresses (source-ip.ts adds it to every statement).
export const AWS_SOURCE_IP_OPERATOR = "IpAddress";
export const AWS_SOURCE_IP = "aws:SourceIp";

/** How AWS limits a key to addresses, for the permissions output. */
export const AWS_SOURCE_ADDRESSES = `${AWS_SOURCE_IP_OPERATOR} ${AWS_SOURCE_IP} on every statement of the inline policy (the public address AWS sees; none through a VPC endpoint)`;

/** Object-level IAM actions per capability. `list` is bucket-level (below). */
export const AWS_OBJECT_ACTIONS: Readonly<Record<Exclude<Capability, "list">, readonly string[]>> = {
    // GetObjectVersion: restoring a noncurrent version is part of reading a
    // backup, and rclone < 1.61 HEADs uploads with ?versionId=.
    read: ["s3:GetObject", "s3:GetObjectVersion"],
    // Multipart uploads need AbortMultipartUpload to clean up after a failure; every upload carries
    // the ACL header AWS_OWNER_ACL, which AWS authorizes with s3:PutObjectAcl as well (conditioned, below).
    write: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:PutObjectAcl"],
    // DeleteObject on a versioned bucket only adds a delete marker.
    delete: ["s3:DeleteObject"],
};

export const AWS_LIST_ACTION = "s3:ListBucket";

/** Every generated bucket's object ownership (bucket.ts): ACLs disabled, the bucket owner owns every object. */
export const AWS_OBJECT_OWNERSHIP = "BucketOwnerEnforced";

/** The condition key AWS sets from a request's canned ACL header (x-amz-acl). */
export const AWS_ACL_KEY = "s3:x-amz-acl";

/**
 * The one ACL every generated section sends (`acl` in rclone.ts): the only canned ACL a
 * BucketOwnerEnforced bucket accepts besides none ("The bucket only accepts PUT requests that
 * don't specify an ACL or bucket owner full control ACLs"), and one every rclone version sends
 * the same way (rclone 1.59–1.60 turn an empty `acl` into `private`; docs/rclone-version.md).
 */
export const AWS_OWNER_ACL = "bucket-owner-full-control";

/** AWS's canned object ACLs: what a request's x-amz-acl can say (probed by the policy pack). */
export const AWS_CANNED_ACLS: readonly string[] = [
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    AWS_OWNER_ACL,
];

/**
 * KMS actions a capability needs on an aws:kms bucket's key: an upload asks
 * KMS for a data key (GenerateDataKey) and a multipart upload also decrypts
 * it to complete (Decrypt); a download decrypts. Neither reads nor writes an
 * object by itself: S3 makes these calls on the key's holder's behalf
 * (kms:ViaService), and only for this bucket (the encryption context).
 * docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
export const AWS_KMS_ACTIONS: Readonly<Record<Capability, readonly string[]>> = {
    list: [],
    read: ["kms:Decrypt"],
    write: ["kms:GenerateDataKey", "kms:Decrypt"],
    delete: [],
};

/** The customer-managed key of an aws:kms bucket and the region whose S3 may use it. */
export interface KmsScope {
    readonly keyArn: string;
    readonly region: string;
}

/** The service that calls KMS for an S3 request in `region`. */
export function kmsViaService(region: string): string {
    return `s3.${region}.amazonaws.com`;
}

/** The encryption context S3 sends KMS for objects of the bucket (bucket ARN with S3 Bucket Keys, object ARN without). */
export const KMS_S3_CONTEXT_KEY = "kms:EncryptionContext:aws:s3:arn";

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
    "s3:PutObjectVersionAcl",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketOwnershipControls",
    "s3:DeleteObjectVersion",
];

/**
 * The grants and what each really allows. AbortMultipartUpload allows nothing
 * on its own (it cleans up after a failed upload); GetObjectVersion reads
 * noncurrent versions, which is reading; PutObjectAcl, held only for
 * AWS_OWNER_ACL, changes nothing while ACLs are disabled.
 */
export const AWS_ACCESS: AccessModel = {
    grants: [
        { name: AWS_LIST_ACTION, allows: { list: "allowed" } },
        { name: "s3:GetObject", allows: { read: "allowed" } },
        { name: "s3:GetObjectVersion", allows: { read: "allowed" } },
        { name: "s3:PutObject", allows: { write: "allowed" } },
        { name: "s3:AbortMultipartUpload", allows: {} },
        {
            // Allows nothing: on a BucketOwnerEnforced bucket ACLs "no longer affect permissions", and
            // the only value it accepts grants the bucket owner, who owns every object anyway.
            name: "s3:PutObjectAcl",
            allows: {},
            onlyWhen: {
                key: AWS_ACL_KEY,
                values: [AWS_OWNER_ACL],
                why: `an upload with an x-amz-acl header needs s3:PutObjectAcl besides s3:PutObject; every section sends ${AWS_OWNER_ACL}, and no other ACL may be set`,
            },
        },
        { name: "s3:DeleteObject", allows: { delete: "allowed" } },
        // Used only through S3 for this bucket's objects: no capability of their own.
        { name: "kms:GenerateDataKey", allows: {} },
        { name: "kms:Decrypt", allows: {} },
    ],
    issue: { kind: "per-capability", grants: { list: [AWS_LIST_ACTION], ...AWS_OBJECT_ACTIONS } },
    prefixEnforced: true,
    forbidden: AWS_FORBIDDEN_ACTIONS,
    addressLimit: AWS_SOURCE_ADDRESSES,
};

/** AWS grants nothing beyond a role; an overwrite is undone by versioning (the default control). */
export const AWS_DEVIATIONS: DeviationCatalogue = { beyondRole: {} };

export interface IamStatement {
    readonly Sid: string;
    /** Generated key policies only allow; the deploy policy also denies (deployer.ts). */
    readonly Effect: "Allow" | "Deny";
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

/** Finds the bucket name in any S3 ARN (every partition) inside a string. */
export const S3_ARN_BUCKET = /arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/g;

/** The KMS actions a role needs on an aws:kms bucket, each once. */
export function kmsActionsFor(role: Role): string[] {
    return [...new Set(ROLE_CAPABILITIES[role].flatMap((c) => AWS_KMS_ACTIONS[c]))];
}

/** Every IAM action a credential of `role` is issued (the KMS ones only for an aws:kms bucket). */
export function awsGrantsFor(role: Role, kms: KmsScope | undefined): string[] {
    return [...grantsForRole(AWS_ACCESS, role), ...(kms ? kmsActionsFor(role) : [])];
}

/** The inline policy of one credential. `prefix` is normalised ("" or "a/b/"). */
export function awsPolicyDocument(role: Role, bucket: string, prefix: string, kms?: KmsScope): IamPolicyDocument {
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
    const objectActions = capabilities.flatMap((c) => (c === "list" ? [] : grantsForCapability(AWS_ACCESS, c)));
    statements.push(...objectStatements(objectActions, [`${bucketArn(bucket)}/${prefix}*`], "ObjectsWithinPrefix", (a) => `${a}WithinPrefix`));
    const kmsActions = kms ? kmsActionsFor(role) : [];
    if (kms && kmsActions.length > 0) {
        statements.push(
            kmsThroughS3Statement("KmsThroughS3ForThisBucket", kmsActions, [kms.keyArn], [kms.region], [bucketArn(bucket), `${bucketArn(bucket)}/${prefix}*`]),
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The statements that grant `objectActions` on `objects`: the model's plain grants in one (`sid`), each conditioned
 * grant in its own with its condition (`conditionedSid` of the action without `s3:`). A credential's policy and
 * the environment's boundary both write them so.
 */
export function objectStatements(
    objectActions: readonly string[],
    objects: readonly string[],
    sid: string,
    conditionedSid: (action: string) => string,
): IamStatement[] {
    const conditioned = conditionedGrants(AWS_ACCESS, objectActions);
    const plain = objectActions.filter((a) => !conditioned.some((g) => g.name === a));
    return [
        ...(plain.length > 0 ? [{ Sid: sid, Effect: "Allow" as const, Action: plain, Resource: [...objects] }] : []),
        ...conditioned.map(
            (g): IamStatement => ({
                Sid: conditionedSid(g.name.replace(/^s3:/, "")),
                Effect: "Allow",
                Action: [g.name],
                Resource: [...objects],
                Condition: { StringEquals: { [g.onlyWhen.key]: [...g.onlyWhen.values] } },
            }),
        ),
    ];
}

/** KMS `actions` on `keyArns`, only through S3 in `regions` and only for `contextArns` (the encryption context). */
export function kmsThroughS3Statement(
    sid: string,
    actions: readonly string[],
    keyArns: readonly string[],
    regions: readonly string[],
    contextArns: readonly string[],
): IamStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: [...actions],
        Resource: [...keyArns],
        Condition: { StringEquals: { "kms:ViaService": regions.map(kmsViaService) }, StringLike: { [KMS_S3_CONTEXT_KEY]: [...contextArns] } },
    };
}
