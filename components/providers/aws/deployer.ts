/**
 * The AWS deploy credential of a stack: an IAM policy whose bucket actions
 * reach only this environment's buckets and whose IAM actions reach only the
 * users under /backup/<env>/, built from the per-resource-type calls in
 * deployer-calls.ts and the resources each remote registers.
 */
import { deployerPolicyCommand, sortedUnique } from "../deployer";
import type { DeployerEnvironment, DeployerPolicy, DeployerProfile, DeployerRemote } from "../profile";
import { bucketArn, type IamPolicyDocument, type IamStatement } from "./access";
import { awsBoundaryDocument, boundaryArn, boundaryPolicyName, boundaryPolicyPath } from "./boundary";
import { AWS_ACCOUNT_ID_OPTION } from "./deployer-option";
import { AWS_CALLS_NOT_GRANTED, AWS_RESOURCE_CALLS, type AwsCall, type AwsResourceCalls } from "./deployer-calls";
import { iamUserPath } from "./user-name";
import { AWS_TYPES } from "./resources";
import type { AwsRemoteConfig } from "./schema";

/**
 * Without --aws-account-id the account field of the users' ARN is "*". That
 * grants nothing more: IAM calls only ever reach the caller's own account, so
 * `arn:aws:iam::*:user/backup/<env>/*` and the same ARN with the account id
 * match the same users. The policy stays pasteable; the option names the account.
 */
const ANY_ACCOUNT = "*";

/** A resource the program registers for a remote: its type, the inputs the calls depend on, and whether the engine may delete it. */
interface Registered {
    readonly type: string;
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly deletable: boolean;
}

/** What AwsBackupBucket and AwsBackupCredential register for one remote (the plan-derived test keeps this honest). */
export function awsRegisteredResources(remote: DeployerRemote<AwsRemoteConfig>, protectBuckets: boolean): Registered[] {
    const lock = remote.config.objectLock !== undefined;
    const bucketSide = [
        AWS_TYPES.bucket,
        AWS_TYPES.ownership,
        AWS_TYPES.publicAccessBlock,
        AWS_TYPES.encryption,
        AWS_TYPES.versioning,
        AWS_TYPES.lifecycle,
        AWS_TYPES.bucketPolicy,
        ...(lock ? [AWS_TYPES.objectLock] : []),
    ];
    // Every bucket-side resource is protected (and the bucket retained) when the stack protects buckets; users never are.
    const resources: Registered[] = bucketSide.map((type) => ({
        type,
        inputs: type === AWS_TYPES.bucket ? { objectLockEnabled: lock } : {},
        deletable: !protectBuckets,
    }));
    if (remote.identities > 0) {
        for (const type of [AWS_TYPES.user, AWS_TYPES.userPolicy, AWS_TYPES.accessKey]) resources.push({ type, inputs: {}, deletable: true });
    }
    return resources;
}

/** The API calls one registered resource makes, from its row. */
export function callsFor(calls: AwsResourceCalls, inputs: Readonly<Record<string, unknown>>, deletable: boolean): AwsCall[] {
    const extra = Object.entries(calls.whenInput ?? {}).flatMap(([key, made]) => (inputs[key] ? made : []));
    return [...calls.maintain, ...extra, ...(deletable ? calls.remove : [])];
}

/** The IAM actions one registered resource needs, from its row. */
export function actionsFor(calls: AwsResourceCalls, inputs: Readonly<Record<string, unknown>>, deletable: boolean): string[] {
    return callsFor(calls, inputs, deletable).map((c) => c.action);
}

function callsOf(type: string): AwsResourceCalls {
    const calls = AWS_RESOURCE_CALLS[type];
    if (!calls) throw new Error(`no deployer calls recorded for ${type} (components/providers/aws/deployer-calls.ts)`);
    return calls;
}

/** The calls one remote's resources make, split by the ARN they are authorised against. */
function remoteCalls(remote: DeployerRemote<AwsRemoteConfig>, protectBuckets: boolean): Record<AwsResourceCalls["on"], AwsCall[]> {
    const out: Record<AwsResourceCalls["on"], AwsCall[]> = { bucket: [], user: [], policy: [] };
    for (const r of awsRegisteredResources(remote, protectBuckets)) {
        const calls = callsOf(r.type);
        out[calls.on].push(...callsFor(calls, r.inputs, r.deletable));
    }
    return out;
}

/** What the AWS profile registers once per environment (index.ts): the users' permissions boundary, never deleted by the engine. */
export function awsEnvironmentResources(deployment: DeployerEnvironment<AwsRemoteConfig>): Registered[] {
    return deployment.remotes.some((r) => r.identities > 0) ? [{ type: AWS_TYPES.policy, inputs: {}, deletable: false }] : [];
}

export function userArnPattern(environment: string, accountId: string | undefined): string {
    return `arn:aws:iam::${accountId ?? ANY_ACCOUNT}:user${iamUserPath(environment)}*`;
}

/** The boundary policy as a resource (IAM acts on the caller's account only, as for the users). */
export function boundaryResource(environment: string, accountId: string | undefined): string {
    return `arn:aws:iam::${accountId ?? ANY_ACCOUNT}:policy${boundaryPolicyPath(environment)}${boundaryPolicyName(environment)}`;
}

/**
 * iam:PermissionsBoundary is the environment's boundary: StringEquals on its ARN with the account id, else StringLike
 * on it with twelve `?` for the account (boundaryArn), which matches this one policy of any single account.
 */
function boundaryCondition(environment: string, accountId: string | undefined, negated: boolean): NonNullable<IamStatement["Condition"]> {
    const operator = `String${negated ? "Not" : ""}${accountId === undefined ? "Like" : "Equals"}`;
    return { [operator]: { [AWS_PERMISSIONS_BOUNDARY_KEY]: [boundaryArn(environment, accountId)] } };
}

/** The condition key AWS sets from the boundary a request sets, or the user's own ("Condition keys for IAM"). */
export const AWS_PERMISSIONS_BOUNDARY_KEY = "iam:PermissionsBoundary";

/** Every action of the IAM API that can give a user a boundary or a policy: allowed (where needed) and never denied only with the boundary. */
export const AWS_BOUNDED_USER_ACTIONS = ["iam:CreateUser", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:PutUserPermissionsBoundary"] as const;

/** Never to the deploy credential, even if another of its policies allowed it: removing the cap, or changing it. */
export const AWS_BOUNDARY_DENIED = {
    user: ["iam:DeleteUserPermissionsBoundary"],
    policy: ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
} as const;

/** The statements on the users and their boundary: what the calls need, the bounded ones only with the boundary, and the denials. */
function iamStatements(deployment: DeployerEnvironment<AwsRemoteConfig>, userCalls: readonly AwsCall[], policyCalls: readonly AwsCall[]): IamStatement[] {
    const env = deployment.environment;
    const account = deployment.options[AWS_ACCOUNT_ID_OPTION.key];
    const users = [userArnPattern(env, account)];
    const boundary = [boundaryResource(env, account)];
    const statements: IamStatement[] = [];
    const plain = sortedUnique(userCalls.filter((c) => !c.bounded).map((c) => c.action));
    const bounded = sortedUnique(userCalls.filter((c) => c.bounded).map((c) => c.action));
    if (plain.length > 0) statements.push({ Sid: "BackupUsers", Effect: "Allow", Action: plain, Resource: users });
    if (bounded.length > 0) {
        statements.push({
            Sid: "BackupUsersWithBoundary",
            Effect: "Allow",
            Action: bounded,
            Resource: users,
            Condition: boundaryCondition(env, account, false),
        });
    }
    if (policyCalls.length > 0) {
        statements.push({ Sid: "BackupUsersBoundary", Effect: "Allow", Action: sortedUnique(policyCalls.map((c) => c.action)), Resource: boundary });
    }
    if (userCalls.length === 0 && policyCalls.length === 0) return statements;
    return [
        ...statements,
        {
            Sid: "DenyUsersWithoutBoundary",
            Effect: "Deny",
            Action: [...AWS_BOUNDED_USER_ACTIONS],
            Resource: users,
            Condition: boundaryCondition(env, account, true),
        },
        { Sid: "DenyBoundaryRemoval", Effect: "Deny", Action: [...AWS_BOUNDARY_DENIED.user], Resource: users },
        { Sid: "DenyBoundaryChange", Effect: "Deny", Action: [...AWS_BOUNDARY_DENIED.policy], Resource: boundary },
    ];
}

/** One statement per distinct set of bucket actions (a locked bucket needs more), then those for the users and their boundary. */
export function awsDeployerPolicyDocument(deployment: DeployerEnvironment<AwsRemoteConfig>): IamPolicyDocument {
    const groups = new Map<string, { actions: string[]; buckets: string[] }>();
    const userCalls: AwsCall[] = [];
    for (const remote of deployment.remotes) {
        const calls = remoteCalls(remote, deployment.protectBuckets);
        const bucketActions = sortedUnique(calls.bucket.map((c) => c.action));
        const key = bucketActions.join(" ");
        const group = groups.get(key) ?? { actions: bucketActions, buckets: [] };
        group.buckets.push(bucketArn(remote.config.bucket));
        groups.set(key, group);
        userCalls.push(...calls.user);
    }
    const policyCalls = awsEnvironmentResources(deployment).flatMap((r) => callsFor(callsOf(r.type), r.inputs, r.deletable));
    const sids = new Set<string>();
    const statements: IamStatement[] = [...groups.values()].map((g) => {
        // Buckets with Object Lock need its configuration actions; name the statement for what sets it apart.
        const base = g.actions.includes("s3:PutBucketObjectLockConfiguration") ? "LockedBackupBuckets" : "BackupBuckets";
        const sid = sids.has(base) ? `${base}${sids.size + 1}` : base;
        sids.add(sid);
        return { Sid: sid, Effect: "Allow", Action: g.actions, Resource: sortedUnique(g.buckets) };
    });
    return { Version: "2012-10-17", Statement: [...statements, ...iamStatements(deployment, userCalls, policyCalls)] };
}

function awsLimits(deployment: DeployerEnvironment<AwsRemoteConfig>): string[] {
    const env = deployment.environment;
    const kms = deployment.remotes.filter((r) => r.config.encryption.algorithm === "aws:kms").map((r) => r.config.bucket);
    return [
        "s3:ListBucket (HeadBucket, which every read makes) also lists object names in these buckets; no object is read, written or deleted.",
        "Bucket tags go through the S3 Control tagging API (s3:TagResource, s3:UntagResource, s3:ListTagsForResource on each bucket), " +
            "as @pulumi/aws 7 tries first. Not granted: " +
            notGrantedLine() +
            ". If your partition refuses the S3 Control " +
            "tagging calls for buckets, the provider falls back to Get/PutBucketTagging: grant those on the same buckets then.",
        "Deploying these buckets means being able to weaken them (bucket policy, public access block, lifecycle): " +
            "the policy pack and the permission diff in pull requests are the controls, so keep this credential in CI behind review.",
        `iam:PutUserPolicy on users under ${iamUserPath(env)} can write any inline policy (AWS cannot limit a policy's content by the ` +
            `writer's policy), but only on a user whose permissions boundary is ${boundaryPolicyName(env)}, and users are created and ` +
            "given policies only with it (condition iam:PermissionsBoundary): what such a policy allows beyond the boundary's backup " +
            "actions on this environment's buckets has no effect. Removing a user's boundary and changing or deleting the boundary " +
            "are denied outright; an admin widens the boundary when the environment gains a bucket (docs/deploying.md).",
        ...(deployment.options[AWS_ACCOUNT_ID_OPTION.key] === undefined
            ? [
                  "The users' ARN has \"*\" for the account (IAM calls reach only the caller's own account, so it matches nothing more); " +
                      `pass ${AWS_ACCOUNT_ID_OPTION.flag.split(" ")[0]} to name it.`,
              ]
            : []),
        ...(kms.length > 0
            ? [
                  `SSE-KMS buckets (${kms.join(", ")}): the deployer needs no kms: action (S3 neither uses nor validates the key ` +
                      "when default encryption is set); the backup users' own policies carry the KMS grants they need.",
              ]
            : []),
        "sts:GetCallerIdentity (the provider's credential check and the root-credentials guard) needs no permission.",
        deployment.protectBuckets
            ? "Buckets are protected and retained: no delete is granted, so `pulumi destroy` cannot remove them (it stops at the protection)."
            : "Buckets are not protected (test stack): s3:DeleteBucket and the configuration deletes are granted; " +
              "a bucket that still holds objects is not deleted (forceDestroy is never set).",
    ];
}

/** The calls the policy deliberately leaves out, as the limits name them. */
function notGrantedLine(): string {
    return sortedUnique(AWS_CALLS_NOT_GRANTED.map((c) => c.action)).join(", ");
}

/**
 * IAM counts a policy's size without whitespace; the quotas differ by where it
 * is attached (IAM and AWS STS quotas: user inline 2,048, role inline 10,240,
 * customer-managed 6,144 characters).
 */
export const IAM_POLICY_SIZE_QUOTAS = { "inline user policy": 2048, "customer-managed policy": 6144, "inline role policy": 10240 } as const;

export function iamPolicySize(policy: IamPolicyDocument): number {
    return JSON.stringify(policy).replace(/\s/g, "").length;
}

function sizeLine(size: number): string {
    const fits = Object.entries(IAM_POLICY_SIZE_QUOTAS)
        .filter(([, max]) => size <= max)
        .map(([where]) => where);
    return fits.length > 0
        ? `Size: ${size} characters without whitespace, within the quota of: ${fits.join(", ")}.`
        : `Size: ${size} characters without whitespace: too large for any IAM policy; split the buckets across two managed policies.`;
}

export function awsDeployerPolicy(deployment: DeployerEnvironment<AwsRemoteConfig>): DeployerPolicy {
    const policy = awsDeployerPolicyDocument(deployment);
    const buckets = deployment.remotes.map((r) => r.config.bucket);
    const size = iamPolicySize(policy);
    return {
        document: {
            policy,
            buckets,
            userPath: iamUserPath(deployment.environment),
            // What the stack creates as the users' boundary: an admin's `aws iam create-policy-version` takes this document.
            boundary: {
                arn: boundaryArn(deployment.environment, deployment.options[AWS_ACCOUNT_ID_OPTION.key]),
                document: awsBoundaryDocument(deployment.remotes.map((r) => r.config)),
            },
            accountId: deployment.options[AWS_ACCOUNT_ID_OPTION.key] ?? null,
            size,
        },
        text: [
            `Buckets: ${buckets.join(", ")}; IAM users under ${iamUserPath(deployment.environment)}, each with the permissions boundary ` +
                `${boundaryPolicyName(deployment.environment)} (its document is in the --json output).`,
            "IAM policy of the deploy role or user (inline or customer-managed; never root credentials):",
            "",
            ...JSON.stringify(policy, null, 2).split("\n"),
            "",
            sizeLine(size),
        ],
        limits: awsLimits(deployment),
    };
}

export const AWS_DEPLOYER: DeployerProfile<AwsRemoteConfig> = {
    options: [AWS_ACCOUNT_ID_OPTION],
    policy: awsDeployerPolicy,
};

/** The refusal's pointer: what to create instead of root credentials. */
export function awsDeployerHint(stack: string): string {
    return `Create a deploy IAM role or user with the policy \`${deployerPolicyCommand(stack)}\` prints and use its credentials.`;
}
