/**
 * SSE-KMS buckets: each role gets exactly the KMS actions its capabilities
 * need, on the bucket's key only, only through S3 in the bucket's region and
 * only for the bucket's objects; nothing for an AES256 bucket. Checked on the
 * generated documents with pbac, and by the policy pack against widened and
 * narrowed keys.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { awsPolicyDocument, bucketArn, type KmsScope } from "../../components/providers/aws/access";
import type { Role } from "../../components/permissions/roles";
import { checkPolicy } from "../../policies/iam/check";
import { isAllowed, parsePolicy } from "../../policies/iam/evaluate";

const bucket = "acme-backup-prod-archive";
const kms: KmsScope = { keyArn: "arn:aws:kms:eu-central-1:111122223333:key/0d6f7a2e-5c1b-4b8e-9f3a-2c4d6e8f0a1b", region: "eu-central-1" };
const viaS3 = { "kms:ViaService": "s3.eu-central-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": bucketArn(bucket) };

function kmsActions(role: Role, scope?: KmsScope): string[] {
    return awsPolicyDocument(role, bucket, "db/", scope)
        .Statement.filter((s) => s.Action.some((a) => a.startsWith("kms:")))
        .flatMap((s) => [...s.Action]);
}

describe("KMS grants of an aws:kms bucket", () => {
    it("copy generates and decrypts data keys (multipart uploads), verify decrypts, sync both; AES256 buckets get none", () => {
        assert.deepEqual(kmsActions("copy", kms), ["kms:GenerateDataKey", "kms:Decrypt"]);
        assert.deepEqual(kmsActions("verify", kms), ["kms:Decrypt"]);
        assert.deepEqual(kmsActions("sync", kms), ["kms:Decrypt", "kms:GenerateDataKey"]);
        for (const role of ["copy", "sync", "verify"] as const) assert.deepEqual(kmsActions(role), [], role);
    });

    it("holds only on the bucket's key, through S3 in its region, for its objects", () => {
        const p = parsePolicy(JSON.stringify(awsPolicyDocument("verify", bucket, "db/", kms)));
        const decrypt = (resource: string, context: Record<string, string>) => isAllowed(p, { action: "kms:Decrypt", resource, context });
        assert.equal(decrypt(kms.keyArn, viaS3), true, "S3 Bucket Key context (the bucket ARN)");
        assert.equal(decrypt(kms.keyArn, { ...viaS3, "kms:EncryptionContext:aws:s3:arn": `${bucketArn(bucket)}/db/x` }), true, "object ARN context");
        assert.equal(decrypt(kms.keyArn, { "kms:EncryptionContext:aws:s3:arn": bucketArn(bucket) }), false, "a direct KMS call");
        assert.equal(decrypt(kms.keyArn, { ...viaS3, "kms:ViaService": "s3.us-east-1.amazonaws.com" }), false, "S3 in another region");
        assert.equal(decrypt(kms.keyArn, { ...viaS3, "kms:EncryptionContext:aws:s3:arn": bucketArn("other-bucket") }), false, "another bucket");
        assert.equal(decrypt(kms.keyArn, { ...viaS3, "kms:EncryptionContext:aws:s3:arn": `${bucketArn(bucket)}/files/x` }), false, "outside the prefix");
        assert.equal(decrypt(kms.keyArn.replace(/key\/.*/, "key/other"), viaS3), false, "another key");
        assert.equal(isAllowed(p, { action: "kms:GenerateDataKey", resource: kms.keyArn, context: viaS3 }), false, "verify cannot encrypt");
    });

    it("the policy pack accepts the generated documents and names what a widened or narrowed one does", () => {
        const scope = (role: Role) => ({ role, bucket, prefix: "db/", kms });
        for (const role of ["copy", "sync", "verify"] as const) {
            assert.deepEqual(checkPolicy(awsPolicyDocument(role, bucket, "db/", kms), scope(role)), [], role);
        }
        const copy = awsPolicyDocument("copy", bucket, "db/", kms);
        const kmsStatement = copy.Statement.find((s) => s.Sid === "KmsThroughS3ForThisBucket")!;
        const without = (change: (s: typeof kmsStatement) => object) => ({
            ...copy,
            Statement: copy.Statement.map((s) => (s === kmsStatement ? change(s) : s)),
        });
        const messages = (doc: unknown) =>
            checkPolicy(doc, scope("copy"))
                .map((f) => `${f.kind}: ${f.message}`)
                .join("\n");
        // No kms:ViaService condition: the key could be used directly, outside S3.
        assert.match(
            messages(without((s) => ({ ...s, Condition: { StringLike: s.Condition!.StringLike } }))),
            /excess: .*kms:GenerateDataKey on the bucket's key, called directly \(not through S3\)/,
        );
        // Every key of the account.
        assert.match(messages(without((s) => ({ ...s, Resource: ["*"] }))), /excess: .*kms:Decrypt on another key/);
        // No KMS grant at all: uploads to the KMS bucket would fail.
        assert.match(
            messages({ ...copy, Statement: copy.Statement.filter((s) => s !== kmsStatement) }),
            /missing: denies what a copy credential needs: .*kms:GenerateDataKey on acme-backup-prod-archive\/db\/'s key through S3/,
        );
        // A KMS grant on a bucket without a key is excess too.
        assert.match(
            checkPolicy(copy, { role: "copy", bucket, prefix: "db/" })
                .map((f) => f.message)
                .join("\n"),
            /allows what a copy credential must not do: kms:/,
        );
    });
});
