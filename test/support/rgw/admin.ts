/**
 * Users, roles, policies and buckets on a local radosgw, through the same APIs
 * a cloud deployment would use (IAM PutUserPolicy / CreateRole /
 * PutRolePolicy, STS AssumeRole, S3 CreateBucket).
 *
 * Two ways to hold a generated policy, because radosgw 16.2 decides what a
 * policy does not mention differently from AWS:
 *  - a plain user with the policy (`createUser`): for anything the policy
 *    neither allows nor denies, radosgw falls back to the user's own rights.
 *    Measured here: such a user reads objects it uploaded (gotcha 4), lists
 *    its own buckets (ListBuckets answers every user), and creates buckets
 *    whenever its quota (`--max-buckets`) allows, policy or not; with
 *    `--max-buckets=-1` every CreateBucket is refused, also one the policy
 *    allows. So neither a ListAllMyBuckets nor a CreateBucket grant can be
 *    told apart from its absence with plain users.
 *  - a role session (`createRoleSession`): a role with the policy as its only
 *    permission policy, assumed through STS. radosgw then allows only what
 *    the policy allows, as AWS does for an IAM user. Measured: without the
 *    grant ListBuckets, CreateBucket and a GET of the session's own upload are
 *    refused (403 AccessDenied); with it they work.
 * The contract suite uses role sessions; plain users where a test needs a
 * server on which an uploader can read its own objects.
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import {
    CreateBucketCommand,
    ListObjectsV2Command,
    PutBucketLifecycleConfigurationCommand,
    PutBucketPolicyCommand,
    PutBucketVersioningCommand,
    S3Client,
    type LifecycleRule,
} from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { randomKey, type RgwServer, type S3Keys } from "./server";

/** Keys of a role session: the access key pair plus its session token. */
export interface SessionKeys extends S3Keys {
    readonly sessionToken: string;
}

const SDK_COMPAT = { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } as const;

/** An S3 client of the server with `keys`, path-style. */
export function s3As(server: RgwServer, keys: S3Keys): S3Client {
    // RGW predates the SDK's default flexible checksums.
    return new S3Client({ endpoint: server.endpoint, region: server.region, credentials: keys, forcePathStyle: true, ...SDK_COMPAT });
}

export function adminS3(server: RgwServer): S3Client {
    return s3As(server, server.admin);
}

/** The keys under `prefix` in `bucket`, sorted, as the admin sees them (what a job really left there). */
export async function keysUnder(server: RgwServer, bucket: string, prefix: string): Promise<string[]> {
    const s3 = adminS3(server);
    try {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
        return (out.Contents ?? []).map((o) => o.Key!).sort();
    } finally {
        s3.destroy();
    }
}

export type S3Outcome = "worked" | "refused";

/**
 * What became of a request: worked when it settles, refused only on a 403;
 * anything else is inconclusive and rethrown (it fails the test).
 */
export async function s3Outcome(request: Promise<unknown> | (() => Promise<unknown>)): Promise<S3Outcome> {
    try {
        await (typeof request === "function" ? request() : request);
        return "worked";
    } catch (e) {
        if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) return "refused";
        throw e;
    }
}

function adminIam(server: RgwServer): IAMClient {
    return new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.admin });
}

async function withIam(server: RgwServer, fn: (iam: IAMClient) => Promise<void>): Promise<void> {
    const iam = adminIam(server);
    try {
        await fn(iam);
    } finally {
        iam.destroy();
    }
}

/** A radosgw user with its own keys; `--max-buckets=-1` forbids it to create buckets (0 would mean unlimited). */
export async function createPlainUser(server: RgwServer, uid: string, maxBuckets = -1): Promise<S3Keys> {
    const keys: S3Keys = { accessKeyId: randomKey(20), secretAccessKey: randomKey(40) };
    await server.radosgwAdmin([
        "user",
        "create",
        `--uid=${uid}`,
        `--display-name=${uid}`,
        `--max-buckets=${maxBuckets}`,
        `--access-key=${keys.accessKeyId}`,
        `--secret=${keys.secretAccessKey}`,
    ]);
    return keys;
}

/**
 * A plain user with exactly `policyDocument` as its only inline policy. The
 * policy is set last because `user modify` erases policies.
 */
export async function createUser(server: RgwServer, uid: string, policyDocument: unknown, policyName = "backup-remote"): Promise<S3Keys> {
    const keys = await createPlainUser(server, uid);
    await withIam(server, async (iam) => {
        await iam.send(
            new PutUserPolicyCommand({
                UserName: uid,
                PolicyName: policyName,
                PolicyDocument: typeof policyDocument === "string" ? policyDocument : JSON.stringify(policyDocument),
            }),
        );
    });
    return keys;
}

/**
 * A role whose only permission policy is `policyDocument`, assumable by the
 * plain user `principal`, and a session of it (one hour: longer than any test
 * run; radosgw's default maximum).
 */
export async function createRoleSession(
    server: RgwServer,
    roleName: string,
    principal: { uid: string; keys: S3Keys },
    policyDocument: string,
): Promise<SessionKeys> {
    const trust = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: [`arn:aws:iam:::user/${principal.uid}`] }, Action: ["sts:AssumeRole"] }],
    };
    await withIam(server, async (iam) => {
        await iam.send(new CreateRoleCommand({ RoleName: roleName, Path: "/", AssumeRolePolicyDocument: JSON.stringify(trust) }));
        await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: "backup-remote", PolicyDocument: policyDocument }));
    });
    const sts = new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: principal.keys });
    try {
        // radosgw wants a session name of at least two characters.
        const out = await sts.send(
            new AssumeRoleCommand({ RoleArn: `arn:aws:iam:::role/${roleName}`, RoleSessionName: "postdeploy-contract", DurationSeconds: 3600 }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`AssumeRole ${roleName}: no credentials returned`);
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    } finally {
        sts.destroy();
    }
}

export interface BucketSetup {
    readonly versioning: boolean;
    /** Lifecycle rules as the SDK takes them. */
    readonly lifecycle?: readonly LifecycleRule[];
    /** A bucket policy document. */
    readonly policy?: string;
}

export async function createBucket(server: RgwServer, bucket: string, options: BucketSetup): Promise<void> {
    const s3 = adminS3(server);
    try {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        if (options.versioning) {
            await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
        }
        if (options.lifecycle) {
            await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [...options.lifecycle] } }));
        }
        if (options.policy) await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: options.policy }));
    } finally {
        s3.destroy();
    }
}

/** The rclone config of the server's admin as the post-deploy test's `[postdeploy-admin]`. */
export function adminConfigText(server: RgwServer, section = "postdeploy-admin"): string {
    return (
        [
            `[${section}]`,
            "type = s3",
            "provider = Ceph",
            `endpoint = ${server.endpoint}`,
            `access_key_id = ${server.admin.accessKeyId}`,
            `secret_access_key = ${server.admin.secretAccessKey}`,
        ].join("\n") + "\n"
    );
}
