/**
 * The KMS statement of an aws:kms bucket's credentials on radosgw. radosgw
 * (Ceph 16) knows no `kms:` actions: it refuses any user policy that names
 * one, so the KMS statement cannot be enforced here — it is proven with pbac
 * (test/aws/kms.test.ts) and by the policy pack. What runs here: the refusal
 * itself (so this note stays true), and the rest of the document — exactly
 * the S3 statements AWS receives — enforced unchanged once the one statement
 * with the KMS Sid is taken out, which is what the contract suite may do.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { awsPolicyDocument, type KmsScope } from "../../components/providers/aws/access";
import type { Role } from "../../components/permissions/roles";
import { adminS3, createBucket, createUser, s3As, s3Outcome, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";

const bucket = "acme-backup-prod-archive";
const KMS_SID = "KmsThroughS3ForThisBucket";
const kms: KmsScope = { keyArn: "arn:aws:kms:eu-central-1:111122223333:key/0d6f7a2e-5c1b-4b8e-9f3a-2c4d6e8f0a1b", region: "eu-central-1" };

describe("KMS statements on radosgw", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    const users = new Map<Role, S3Client>();
    before(async () => {
        server = await startRgw();
        await createBucket(server, bucket, { versioning: true });
        for (const role of ["copy", "verify"] as const) {
            const doc = awsPolicyDocument(role, bucket, "db/", kms);
            const s3Only = { ...doc, Statement: doc.Statement.filter((s) => s.Sid !== KMS_SID) };
            assert.equal(s3Only.Statement.length, doc.Statement.length - 1, "the document carries one KMS statement");
            users.set(role, s3As(server, await createUser(server, `kms-${role}`, s3Only)));
        }
    });
    after(async () => {
        for (const c of users.values()) c.destroy();
        await server?.stop();
    });

    it("refuses a user policy that names a kms: action (so the KMS statement cannot be tested here)", async () => {
        await assert.rejects(
            createUser(server, "kms-full", awsPolicyDocument("verify", bucket, "db/", kms)),
            (e: { $metadata?: { httpStatusCode?: number } }) => (e.$metadata?.httpStatusCode ?? 0) >= 400,
            "the IAM API's PutUserPolicy refuses it",
        );
    });

    it("enforces the documents' S3 statements", async () => {
        const admin = adminS3(server);
        await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "db/by-admin", Body: "x" }));
        admin.destroy();
        const copy = users.get("copy")!;
        const verify = users.get("verify")!;
        assert.equal(await s3Outcome(copy.send(new PutObjectCommand({ Bucket: bucket, Key: "db/dump", Body: "backup" }))), "worked");
        assert.equal(await s3Outcome(copy.send(new GetObjectCommand({ Bucket: bucket, Key: "db/by-admin" }))), "refused");
        assert.equal(await s3Outcome(copy.send(new PutObjectCommand({ Bucket: bucket, Key: "files/x", Body: "x" }))), "refused");
        assert.equal(await s3Outcome(verify.send(new GetObjectCommand({ Bucket: bucket, Key: "db/by-admin" }))), "worked");
        assert.equal(await s3Outcome(verify.send(new PutObjectCommand({ Bucket: bucket, Key: "db/x", Body: "x" }))), "refused");
    });
});
