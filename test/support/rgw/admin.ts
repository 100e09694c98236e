/**
 * Users, policies and buckets on a local radosgw, through the same APIs a
 * cloud deployment would use (IAM PutUserPolicy, S3 CreateBucket).
 */
import { IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from "@aws-sdk/client-s3";
import { randomKey, type RgwServer, type S3Keys } from "./server";

export function adminS3(server: RgwServer): S3Client {
    return new S3Client({
        endpoint: server.endpoint,
        region: server.region,
        credentials: server.admin,
        forcePathStyle: true,
        // RGW predates the SDK's default flexible checksums.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
    });
}

function adminIam(server: RgwServer): IAMClient {
    return new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.admin });
}

/**
 * A restricted user with exactly `policyDocument` as its only inline policy.
 * `--max-buckets=-1` forbids creating buckets (0 would mean unlimited), and
 * the policy is set last because `user modify` erases policies.
 */
export async function createUser(server: RgwServer, uid: string, policyDocument: unknown, policyName = "backup-remote"): Promise<S3Keys> {
    const keys: S3Keys = { accessKeyId: randomKey(20), secretAccessKey: randomKey(40) };
    await server.radosgwAdmin(["user", "create", `--uid=${uid}`, `--display-name=${uid}`, "--max-buckets=-1",
        `--access-key=${keys.accessKeyId}`, `--secret=${keys.secretAccessKey}`]);
    const iam = adminIam(server);
    try {
        await iam.send(new PutUserPolicyCommand({
            UserName: uid,
            PolicyName: policyName,
            PolicyDocument: typeof policyDocument === "string" ? policyDocument : JSON.stringify(policyDocument),
        }));
    } finally {
        iam.destroy();
    }
    return keys;
}

export async function createBucket(server: RgwServer, bucket: string, options: { versioning: boolean }): Promise<void> {
    const s3 = adminS3(server);
    try {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        if (options.versioning) {
            await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
        }
    } finally {
        s3.destroy();
    }
}
