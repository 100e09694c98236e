/**
 * A compliant stack on all three providers, written out as the engine would
 * see it; each rule's violating example changes one thing in it.
 */
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { awsPolicyDocument, bucketArn } from "../../components/permissions/aws";
import { b2Capabilities } from "../../components/permissions/b2";
import { effectivePermissions } from "../../components/permissions/effective";
import { r2BucketResourceKey } from "../../components/permissions/r2";
import type { Role } from "../../components/permissions/roles";
import { ROLE_CAPABILITIES } from "../../components/permissions/roles";
import { T } from "../../policies/resources";
import type { FakeResource } from "./helpers";

import { DEFAULT_R2_GROUP_IDS } from "../../policies/rules/r2";

export const ITEM_READ_ID = DEFAULT_R2_GROUP_IDS["Workers R2 Storage Bucket Item Read"];
export const ITEM_WRITE_ID = DEFAULT_R2_GROUP_IDS["Workers R2 Storage Bucket Item Write"];
/** Pack config of r2-token-scope in the tests: none, the defaults apply. */
export const R2_CONFIG: Record<string, unknown> = {};

const ref = (type: string, name: string) => ({ type, name });

export function awsBucket(env: string, bucket: string, logical = "aws-main"): FakeResource[] {
    const b = ref(T.awsBucket, logical);
    const dep = { bucket: [b] };
    const common = { stack: env, protect: env === "prod", propertyDependencies: dep };
    return [
        { type: T.awsBucket, name: logical, stack: env, protect: env === "prod", props: { bucket, forceDestroy: false, tags: { "managed-by": "backup-remotes" } } },
        { type: T.awsVersioning, name: `${logical}-versioning`, ...common, props: { bucket, versioningConfiguration: { status: "Enabled" } } },
        { type: T.awsLifecycle, name: `${logical}-lifecycle`, ...common, props: { bucket, rules: [
            { id: "abort", status: "Enabled", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
            { id: "noncurrent", status: "Enabled", filter: { prefix: "" }, noncurrentVersionExpiration: { noncurrentDays: 30 } },
        ] } },
        { type: T.awsEncryption, name: `${logical}-encryption`, ...common, props: { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } },
        { type: T.awsPublicAccessBlock, name: `${logical}-public-access`, ...common, props: { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } },
        { type: T.awsOwnership, name: `${logical}-ownership`, ...common, props: { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } } },
        { type: T.awsBucketPolicy, name: `${logical}-tls-only`, ...common, props: { bucket, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{
            Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn(bucket), `${bucketArn(bucket)}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }] }) } },
    ];
}

export function awsCredential(env: string, credential: string, host: string, role: Role, bucket: string, prefix: string): FakeResource[] {
    const logical = `${credential}-${host}`;
    const parent = ref("backup-remotes:aws:Credential", logical);
    const userName = `backup-${env}-${credential}-${host}`;
    const user = ref(T.awsUser, logical);
    return [
        { type: "backup-remotes:aws:Credential", name: logical, stack: env, props: {} },
        { type: T.awsUser, name: logical, stack: env, parent, props: { name: userName, path: `/backup/${env}/`, tags: {
            "backup-remotes:environment": env, "managed-by": "backup-remotes", "backup-remotes:credential": credential,
            "backup-remotes:host": host, "backup-remotes:role": role, "backup-remotes:bucket": bucket, "backup-remotes:prefix": prefix,
        } } },
        { type: T.awsUserPolicy, name: `${logical}-policy`, stack: env, parent, propertyDependencies: { user: [user] },
            props: { user: userName, name: `backup-${role}`, policy: JSON.stringify(awsPolicyDocument(role, bucket, prefix)) } },
        { type: T.awsAccessKey, name: `${logical}-key`, stack: env, parent, propertyDependencies: { user: [user] },
            additionalSecretOutputs: ["secret", "sesSmtpPasswordV4"], props: { user: userName } },
    ];
}

export function b2Bucket(env: string, bucket: string): FakeResource {
    return { type: T.b2Bucket, name: "b2-main", stack: env, protect: env === "prod", props: {
        bucketName: bucket, bucketType: "allPrivate",
        lifecycleRules: [{ fileNamePrefix: "", daysFromHidingToDeleting: 30, daysFromStartingToCancelingUnfinishedLargeFiles: 7 }],
        defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
    } };
}

export function b2Key(env: string, credential: string, role: Role, prefix: string): FakeResource {
    return { type: T.b2Key, name: `${credential}-b2`, stack: env, additionalSecretOutputs: ["applicationKey"],
        propertyDependencies: { bucketIds: [ref(T.b2Bucket, "b2-main")] },
        props: { keyName: `backup-${env}-${credential}-host1`, bucketIds: ["b2-bucket-id"], capabilities: b2Capabilities(role), namePrefix: prefix || undefined } };
}

export function r2Bucket(env: string, bucket: string, lockPrefixes: string[]): FakeResource[] {
    const b = ref(T.r2Bucket, "r2-main");
    return [
        { type: T.r2Bucket, name: "r2-main", stack: env, protect: env === "prod", props: { accountId: "acct", name: bucket } },
        { type: T.r2Lifecycle, name: "r2-main-lifecycle", stack: env, propertyDependencies: { bucketName: [b] }, props: {
            accountId: "acct", bucketName: bucket,
            rules: [{ id: "abort", enabled: true, conditions: { prefix: "" }, abortMultipartUploadsTransition: { condition: { type: "Age", maxAge: 604800 } } }],
        } },
        { type: T.r2Lock, name: "r2-main-lock", stack: env, propertyDependencies: { bucketName: [b] }, props: {
            accountId: "acct", bucketName: bucket,
            rules: lockPrefixes.map((p, i) => ({ id: `lock-${i}`, enabled: true, prefix: p, condition: { type: "Age", maxAgeSeconds: 2592000 } })),
        } },
    ];
}

export function r2Token(env: string, credential: string, role: Role, bucket: string): FakeResource {
    return { type: T.cfApiToken, name: `${credential}-r2`, stack: env, additionalSecretOutputs: ["value"], props: {
        name: `backup-${env}-${credential}-host1`,
        policies: [{
            effect: "allow",
            permissionGroups: [{ id: ROLE_CAPABILITIES[role].includes("write") ? ITEM_WRITE_ID : ITEM_READ_ID }],
            resources: JSON.stringify({ [r2BucketResourceKey("acct", undefined, bucket)]: "*" }),
        }],
    } };
}

interface Cred { env: string; credential: string; provider: "aws" | "b2" | "r2"; role: Role; bucket: string; prefix: string; host: string }

/** The stack resource with outputs matching the credentials. */
export function stackResource(env: string, creds: Cred[]): FakeResource {
    const remotes: RemoteSummary[] = creds.map((c) => ({
        section: `${env}-${c.credential}.${c.host}`, hostSection: `${env}-${c.credential}`, environment: env, credential: c.credential,
        host: c.host, remote: `${c.provider}-main`, provider: c.provider, role: c.role, bucket: c.bucket, prefix: c.prefix,
        path: `${c.bucket}/${c.prefix}`, endpoint: "https://example.invalid", region: "auto", rcloneFlags: c.role === "copy" ? ["--ignore-existing"] : [],
    }));
    const permissions: PermissionEntry[] = creds.map((c) => {
        const e = effectivePermissions(c.provider, c.role, { versioning: c.provider !== "r2" });
        return { environment: env, credential: c.credential, provider: c.provider, remote: `${c.provider}-main`, bucket: c.bucket, prefix: c.prefix,
            role: c.role, hosts: [c.host], intended: e.intended, effective: e.effective, prefixEnforced: e.prefixEnforced, deviations: e.deviations, protections: [] };
    });
    const rcloneConfig = remotes.map((r) => `[${r.section}]\ntype = s3\n`).join("\n");
    return { type: T.stack, name: `${"backup-remotes"}-${env}`, stack: env, props: { rcloneConfig, remotes, permissions, hosts: {} } };
}

/** A compliant stack of the environment: one bucket and credentials per provider. */
export function compliantStack(env: string): FakeResource[] {
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
        stackResource(env, creds),
        ...awsBucket(env, aws),
        ...awsCredential(env, "db-archive", "db1", "copy", aws, "db/"),
        ...awsCredential(env, "restore-check", "monitor1", "verify", aws, ""),
        b2Bucket(env, b2),
        b2Key(env, "files-b2", "copy", "files/"),
        ...r2Bucket(env, r2, ["logs/"]),
        r2Token(env, "logs-r2", "copy", r2),
    ];
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
