/**
 * A compliant stack on all three providers, written out as the engine's
 * AnalyzeStack shows it to the pack: a custom resource's props are its
 * outputs (its inputs plus what its provider computed), a component's are
 * only the outputs it registered; each rule's violating example changes one
 * thing in it.
 */
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { awsPolicyDocument, bucketArn } from "../../components/providers/aws/access";
import { boundaryArn, boundaryDocumentOf, boundaryPolicyName, boundaryPolicyPath } from "../../components/providers/aws/boundary";
import { withSourceIp } from "../../components/providers/aws/source-ip";
import { b2Capabilities } from "../../components/providers/b2/access";
import { grantsForRole } from "../../components/permissions/access";
import { effectiveOn, PROVIDERS } from "../../components/providers/registry";
import { r2BucketResourceKey } from "../../components/providers/r2/access";
import type { Role } from "../../components/permissions/roles";
import { ROLE_CAPABILITIES } from "../../components/permissions/roles";
import { ENVIRONMENT_COMPONENT_TYPE } from "../../components/environment";
import { STACK_TYPE } from "../../policies/resources";
import { protectionsOf } from "../support/protections";
import type { FakeResource } from "./helpers";

import { KNOWN_R2_GROUP_IDS } from "../../components/providers/r2/access";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { R2_TYPES } from "../../components/providers/r2/resources";

export const ITEM_READ_ID = KNOWN_R2_GROUP_IDS["Workers R2 Storage Bucket Item Read"];
export const ITEM_WRITE_ID = KNOWN_R2_GROUP_IDS["Workers R2 Storage Bucket Item Write"];
/** Pack config of r2-token-scope in the tests: none, the defaults apply. */
export const R2_CONFIG: Record<string, unknown> = {};

const ref = (type: string, name: string) => ({ type, name });

export function awsBucket(env: string, bucket: string, logical = "aws-main"): FakeResource[] {
    const b = ref(AWS_TYPES.bucket, logical);
    const dep = { bucket: [b] };
    const common = { stack: env, protect: env === "prod", propertyDependencies: dep };
    return [
        {
            type: AWS_TYPES.bucket,
            name: logical,
            stack: env,
            protect: env === "prod",
            props: { bucket, forceDestroy: false, tags: { "managed-by": "backup-remotes" } },
        },
        { type: AWS_TYPES.versioning, name: `${logical}-versioning`, ...common, props: { bucket, versioningConfiguration: { status: "Enabled" } } },
        {
            type: AWS_TYPES.lifecycle,
            name: `${logical}-lifecycle`,
            ...common,
            props: {
                bucket,
                rules: [
                    { id: "abort", status: "Enabled", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                    // As the provider's state may hold a filter: the attributes the config left out as null (terraform-provider-aws v6
                    // declares them Optional+Computed, reset to null when unset).
                    {
                        id: "noncurrent",
                        status: "Enabled",
                        filter: { prefix: "", objectSizeGreaterThan: null, objectSizeLessThan: null, and: null, tag: null },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                    },
                ],
            },
        },
        {
            type: AWS_TYPES.encryption,
            name: `${logical}-encryption`,
            ...common,
            props: { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        },
        {
            type: AWS_TYPES.publicAccessBlock,
            name: `${logical}-public-access`,
            ...common,
            props: { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        },
        { type: AWS_TYPES.ownership, name: `${logical}-ownership`, ...common, props: { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } } },
        {
            type: AWS_TYPES.bucketPolicy,
            name: `${logical}-tls-only`,
            ...common,
            props: {
                bucket,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [bucketArn(bucket), `${bucketArn(bucket)}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            },
        },
    ];
}

export function awsCredential(env: string, credential: string, host: string, role: Role, bucket: string, prefix: string): FakeResource[] {
    const logical = `${credential}-${host}`;
    const parent = ref("backup-remotes:aws:Credential", logical);
    const userName = `backup-${env}-${credential}-${host}`;
    const user = ref(AWS_TYPES.user, logical);
    return [
        // The component's registered outputs (components/providers/aws/credential.ts), not its inputs.
        { type: "backup-remotes:aws:Credential", name: logical, stack: env, props: { userName, accessKeyId: "AKIAMOCKKEYID" } },
        {
            type: AWS_TYPES.user,
            name: logical,
            stack: env,
            parent,
            props: {
                name: userName,
                path: `/backup/${env}/`,
                permissionsBoundary: boundaryArn(env, ACCOUNT_ID),
                tags: {
                    "backup-remotes:environment": env,
                    "managed-by": "backup-remotes",
                    "backup-remotes:credential": credential,
                    "backup-remotes:host": host,
                    "backup-remotes:role": role,
                    "backup-remotes:bucket": bucket,
                    "backup-remotes:prefix": prefix,
                },
            },
        },
        {
            type: AWS_TYPES.userPolicy,
            name: `${logical}-policy`,
            stack: env,
            parent,
            propertyDependencies: { user: [user] },
            props: { user: userName, name: `backup-${role}`, policy: JSON.stringify(awsPolicyDocument(role, bucket, prefix)) },
        },
        {
            type: AWS_TYPES.accessKey,
            name: `${logical}-key`,
            stack: env,
            parent,
            propertyDependencies: { user: [user] },
            additionalSecretOutputs: ["secret", "sesSmtpPasswordV4"],
            props: { user: userName, secret: "mock-secret", status: "Active" },
        },
    ];
}

export function b2Bucket(env: string, bucket: string): FakeResource {
    return {
        type: B2_TYPES.bucket,
        name: "b2-main",
        stack: env,
        protect: env === "prod",
        props: {
            bucketName: bucket,
            bucketId: "b2-bucket-id",
            bucketType: "allPrivate",
            lifecycleRules: [{ fileNamePrefix: "", daysFromHidingToDeleting: 30, daysFromStartingToCancelingUnfinishedLargeFiles: 7 }],
            defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
        },
    };
}

export function b2Key(env: string, credential: string, role: Role, prefix: string): FakeResource {
    return {
        type: B2_TYPES.applicationKey,
        name: `${credential}-b2`,
        stack: env,
        additionalSecretOutputs: ["applicationKey"],
        propertyDependencies: { bucketIds: [ref(B2_TYPES.bucket, "b2-main")] },
        // The provider's state fills the deprecated bucketId from bucketIds (components/providers/b2/mocks.ts).
        props: {
            keyName: `backup-${env}-${credential}-host1`,
            bucketIds: ["b2-bucket-id"],
            bucketId: "b2-bucket-id",
            capabilities: b2Capabilities(role),
            namePrefix: prefix || undefined,
            applicationKeyId: "005mock",
            applicationKey: "mock-secret",
        },
    };
}

export function r2Bucket(env: string, bucket: string, lockPrefixes: string[]): FakeResource[] {
    const b = ref(R2_TYPES.bucket, "r2-main");
    return [
        { type: R2_TYPES.bucket, name: "r2-main", stack: env, protect: env === "prod", props: { accountId: "acct", name: bucket } },
        {
            type: R2_TYPES.lifecycle,
            name: "r2-main-lifecycle",
            stack: env,
            propertyDependencies: { bucketName: [b] },
            props: {
                accountId: "acct",
                bucketName: bucket,
                rules: [
                    { id: "abort", enabled: true, conditions: { prefix: "" }, abortMultipartUploadsTransition: { condition: { type: "Age", maxAge: 604800 } } },
                ],
            },
        },
        {
            type: R2_TYPES.lock,
            name: "r2-main-lock",
            stack: env,
            propertyDependencies: { bucketName: [b] },
            props: {
                accountId: "acct",
                bucketName: bucket,
                rules: lockPrefixes.map((p, i) => ({ id: `lock-${i}`, enabled: true, prefix: p, condition: { type: "Age", maxAgeSeconds: 2592000 } })),
            },
        },
    ];
}

export function r2Token(env: string, credential: string, role: Role, bucket: string): FakeResource {
    return {
        type: R2_TYPES.apiToken,
        name: `${credential}-r2`,
        stack: env,
        additionalSecretOutputs: ["value"],
        props: {
            name: `backup-${env}-${credential}-host1`,
            value: "mock-secret",
            status: "active",
            policies: [
                {
                    effect: "allow",
                    permissionGroups: [{ id: ROLE_CAPABILITIES[role].includes("write") ? ITEM_WRITE_ID : ITEM_READ_ID }],
                    resources: JSON.stringify({ [r2BucketResourceKey("acct", undefined, bucket)]: "*" }),
                },
            ],
        },
    };
}

interface Cred {
    env: string;
    credential: string;
    provider: "aws" | "b2" | "r2";
    role: Role;
    bucket: string;
    prefix: string;
    host: string;
}

/** The stack resource with outputs matching the credentials. */
export function stackResource(env: string, creds: Cred[], addressed = false): FakeResource {
    const remotes: RemoteSummary[] = creds.map((c) => ({
        section: `${env}-${c.credential}.${c.host}`,
        hostSection: `${env}-${c.credential}`,
        environment: env,
        credential: c.credential,
        host: c.host,
        remote: `${c.provider}-main`,
        provider: c.provider,
        role: c.role,
        bucket: c.bucket,
        prefix: c.prefix,
        path: `${c.bucket}/${c.prefix}`,
        endpoint: "https://example.invalid",
        region: "auto",
        rcloneFlags: c.role === "copy" ? ["--ignore-existing"] : [],
    }));
    const permissions: PermissionEntry[] = creds.map((c) => {
        const e = effectiveOn(c.provider, c.role, { versioning: c.provider !== "r2" });
        const enforcedBy = PROVIDERS.get(c.provider).access.addressLimit;
        const addresses = addressed ? { addresses: { ...(enforcedBy ? { enforcedBy } : {}), hosts: [{ host: c.host, cidrs: [...HOST_CIDRS] }] } } : {};
        return {
            environment: env,
            credential: c.credential,
            provider: c.provider,
            remote: `${c.provider}-main`,
            bucket: c.bucket,
            prefix: c.prefix,
            role: c.role,
            hosts: [c.host],
            intended: e.intended,
            grants: grantsForRole(PROVIDERS.get(c.provider).access, c.role),
            effective: e.effective,
            prefixEnforced: e.prefixEnforced,
            deviations: e.deviations,
            protections: protectionsOf({ versioning: c.provider !== "r2" }),
            ...addresses,
        };
    });
    const rcloneConfig = remotes.map((r) => `[${r.section}]\ntype = s3\n`).join("\n");
    return { type: STACK_TYPE, name: `${"backup-remotes"}-${env}`, stack: env, props: { rcloneConfig, remotes, permissions, hosts: {} } };
}

/** The networks every host of a compliant production stack lists (hostAddresses; documentation ranges). */
export const HOST_CIDRS = ["198.51.100.10/32", "2001:db8:100:1::/64"] as const;

/**
 * A compliant stack of the environment: one bucket and credentials per provider. In production (any env but
 * staging) every host lists HOST_CIDRS: the AWS statements carry aws:SourceIp, the R2 token requestIp.
 */
export function compliantStack(env: string): FakeResource[] {
    const addressed = env !== "staging";
    const bound = (stack: FakeResource[]): FakeResource[] => (addressed ? stack.map(boundToHost) : stack);
    return bound(unboundStack(env, addressed));
}

function boundToHost(r: FakeResource): FakeResource {
    if (r.type === AWS_TYPES.userPolicy) {
        return { ...r, props: { ...r.props, policy: JSON.stringify(withSourceIp(JSON.parse(r.props.policy as string), HOST_CIDRS)) } };
    }
    if (r.type === R2_TYPES.apiToken) return { ...r, props: { ...r.props, condition: { requestIp: { ins: [...HOST_CIDRS] } } } };
    return r;
}

function unboundStack(env: string, addressed: boolean): FakeResource[] {
    const aws = `acme-backup-${env}-main`;
    const b2 = `acme-backup-${env}-b2`;
    const r2 = `acme-backup-${env}-r2`;
    const creds: Cred[] = [
        { env, credential: "db-archive", provider: "aws", role: "copy", bucket: aws, prefix: "db/", host: "db1" },
        { env, credential: "restore-check", provider: "aws", role: "verify", bucket: aws, prefix: "", host: "monitor1" },
        { env, credential: "files-b2", provider: "b2", role: "copy", bucket: b2, prefix: "files/", host: "host1" },
        { env, credential: "logs-r2", provider: "r2", role: "copy", bucket: r2, prefix: "logs/", host: "host1" },
    ];
    return [
        stackResource(env, creds, addressed),
        environmentComponent(env, env === "staging" ? "test" : "production"),
        ...awsBucket(env, aws),
        awsBoundary(env, [aws]),
        ...awsCredential(env, "db-archive", "db1", "copy", aws, "db/"),
        ...awsCredential(env, "restore-check", "monitor1", "verify", aws, ""),
        b2Bucket(env, b2),
        b2Key(env, "files-b2", "copy", "files/"),
        ...r2Bucket(env, r2, ["logs/"]),
        r2Token(env, "logs-r2", "copy", r2),
    ];
}

/** The mocks' account, in the ARNs of the AWS fixtures. */
export const ACCOUNT_ID = "000000000000";

/** The environment's permissions boundary (components/providers/aws/index.ts), as its outputs. */
export function awsBoundary(env: string, buckets: readonly string[]): FakeResource {
    return {
        type: AWS_TYPES.policy,
        name: "aws-boundary",
        stack: env,
        props: {
            name: boundaryPolicyName(env),
            path: boundaryPolicyPath(env),
            arn: boundaryArn(env, ACCOUNT_ID),
            policy: JSON.stringify(boundaryDocumentOf(buckets.map((bucket) => ({ bucket })))),
            tags: { "backup-remotes:environment": env, "managed-by": "backup-remotes" },
        },
    };
}

/** The environment component: its registered `tier` output says which of the pack's policies apply. */
export function environmentComponent(env: string, tier: "production" | "test"): FakeResource {
    return { type: ENVIRONMENT_COMPONENT_TYPE, name: env, stack: env, props: { tier } };
}

/** The stack with one resource's props changed. */
export function withProps(stack: FakeResource[], name: string, change: (props: Record<string, unknown>) => Record<string, unknown>): FakeResource[] {
    if (!stack.some((r) => r.name === name)) throw new Error(`no resource ${name}`);
    return stack.map((r) => (r.name === name ? { ...r, props: change(r.props) } : r));
}

export function without(stack: FakeResource[], name: string): FakeResource[] {
    if (!stack.some((r) => r.name === name)) throw new Error(`no resource ${name}`);
    return stack.filter((r) => r.name !== name);
}
