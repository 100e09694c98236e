/**
 * The permissions boundary of every backup user of one environment: one
 * customer-managed policy, `backup-<env>-boundary` under /backup/<env>/,
 * that caps what any policy of those users can ever allow at the backup
 * actions of the access model (every role's grants, conditioned grants with
 * their condition) on that environment's buckets, and the KMS grants on their
 * keys, through S3 only. An IAM user's effective permissions are what its
 * policies allow AND its boundary allows (IAM evaluation logic, "Permissions
 * boundaries for IAM entities"), so an inline policy written too wide by
 * mistake, or by a stolen deploy credential, cannot reach past it. Neither the
 * expiry nor the host addresses are here: they narrow each key's own policy,
 * and the intersection keeps them.
 * docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
import type { ConfigProblem } from "../profile";
import { grantsForRole } from "../../permissions/access";
import { ROLES } from "../../permissions/roles";
import {
    AWS_ACCESS,
    AWS_LIST_ACTION,
    bucketArn,
    type IamPolicyDocument,
    type IamStatement,
    type KmsScope,
    kmsActionsFor,
    kmsThroughS3Statement,
    objectStatements,
} from "./access";
import type { AwsRemoteConfig } from "./schema";
import { iamPolicySize, awsKmsScope } from "./user-policy";
import { iamUserPath } from "./user-name";

/** IAM's limit for a customer-managed policy: 6,144 characters, whitespace not counted (IAM and AWS STS quotas). */
export const IAM_MANAGED_POLICY_MAX = 6144;

export function boundaryPolicyName(environment: string): string {
    return `backup-${environment}-boundary`;
}

/** The boundary lives beside the users it caps. */
export function boundaryPolicyPath(environment: string): string {
    return iamUserPath(environment);
}

/**
 * The boundary's ARN. Without the account id: twelve `?`, so that as a StringLike pattern it matches this policy of
 * any one account and nothing else (a `*` could absorb a path: `…:policy/backup/<env>/x:policy/backup/<env>/…`).
 */
export function boundaryArn(environment: string, accountId?: string): string {
    return `arn:aws:iam::${accountId ?? "?".repeat(12)}:policy${boundaryPolicyPath(environment)}${boundaryPolicyName(environment)}`;
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/** Every action any role is issued on a bucket's objects, and the KMS actions any role is issued. */
function boundaryActions(): { objects: string[]; kms: string[] } {
    const all = unique(ROLES.flatMap((r) => grantsForRole(AWS_ACCESS, r)));
    return { objects: all.filter((a) => a !== AWS_LIST_ACTION), kms: unique(ROLES.flatMap(kmsActionsFor)) };
}

/** One bucket the boundary covers, with its KMS key when its default encryption is aws:kms. */
export interface BoundaryBucket {
    readonly bucket: string;
    readonly kms?: KmsScope | undefined;
}

/** The boundary of an environment whose AWS remotes are `remotes`: the union of what every role may do on each of them. */
export function awsBoundaryDocument(remotes: readonly AwsRemoteConfig[]): IamPolicyDocument {
    return boundaryDocumentOf(remotes.map((r) => ({ bucket: r.bucket, kms: awsKmsScope(r) })));
}

export function boundaryDocumentOf(remotes: readonly BoundaryBucket[]): IamPolicyDocument {
    const buckets = unique(remotes.map((r) => r.bucket)).sort();
    const objects = buckets.map((b) => `${bucketArn(b)}/*`);
    const { objects: objectActions, kms } = boundaryActions();
    const statements: IamStatement[] = [
        { Sid: "ListBackupBuckets", Effect: "Allow", Action: [AWS_LIST_ACTION], Resource: buckets.map(bucketArn) },
        ...objectStatements(objectActions, objects, "BackupObjects", (a) => `${a}BackupObjects`),
    ];
    const scopes = remotes.filter((s) => s.kms !== undefined);
    if (scopes.length > 0 && kms.length > 0) {
        statements.push(
            kmsThroughS3Statement(
                "KmsThroughS3ForBackupBuckets",
                kms,
                unique(scopes.map((s) => s.kms!.keyArn)).sort(),
                unique(scopes.map((s) => s.kms!.region)).sort(),
                unique(scopes.flatMap((s) => [bucketArn(s.bucket), `${bucketArn(s.bucket)}/*`])).sort(),
            ),
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The boundary's text as the program registers it. */
export function awsBoundaryPolicy(remotes: readonly AwsRemoteConfig[]): string {
    return JSON.stringify(awsBoundaryDocument(remotes));
}

/** Why IAM would refuse the environment's boundary (too large for a managed policy); undefined when it fits. */
export function awsBoundarySizeProblem(environment: string, remotes: readonly AwsRemoteConfig[]): ConfigProblem | undefined {
    if (remotes.length === 0) return undefined;
    const size = iamPolicySize(awsBoundaryPolicy(remotes));
    if (size <= IAM_MANAGED_POLICY_MAX) return undefined;
    return {
        path: ["remotes"],
        message:
            `make the AWS users' permissions boundary (${boundaryPolicyName(environment)}) ${size} characters (whitespace not counted); IAM allows ` +
            `${IAM_MANAGED_POLICY_MAX} for a managed policy and would refuse it at deploy: it names each of the ${remotes.length} AWS buckets ` +
            "(and KMS keys) of the environment, so use shorter bucket names or split the remotes across environments",
    };
}
