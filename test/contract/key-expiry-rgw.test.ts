/**
 * Does radosgw evaluate the expiry condition AWS keys carry (`DateLessThan
 * aws:CurrentTime` on every statement)? Asked of the real server with the
 * policies the program generates: one key already expired, one valid for
 * centuries, one without any expiry as the control. Each request's effect is
 * observed (object written and read back) or a recognised 403.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { awsPolicyDocument } from "../../components/providers/aws/access";
import { withExpiry } from "../../components/providers/aws/expiry";
import { adminS3, createBucket, createUser, s3As, s3Outcome, skipUnlessRgw, startRgw, type RgwServer, type S3Outcome } from "../support/rgw";

const BUCKET = "expiry-staging-keys";

/** A write, then a read of what was written: worked only when the object comes back; refused only on a 403. */
async function writeAndRead(s3: S3Client, key: string): Promise<{ write: S3Outcome; read: S3Outcome; list: S3Outcome }> {
    const write = await s3Outcome(() => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key })));
    const read = await s3Outcome(async () => {
        const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "db/seed" }));
        assert.equal(await got.Body?.transformToString(), "seed");
    });
    const list = await s3Outcome(async () => {
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "db/" }));
        assert.ok((listed.Contents ?? []).some((o) => o.Key === "db/seed"));
    });
    return { write, read, list };
}

describe("radosgw and the AWS key expiry condition (aws:CurrentTime)", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    before(async () => {
        server = await startRgw();
        await createBucket(server, BUCKET, { versioning: true });
        const admin = adminS3(server);
        await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: "db/seed", Body: "seed" }));
        admin.destroy();
    });
    after(async () => {
        await server?.stop();
    });

    const policy = (expiresOn?: string) => withExpiry(awsPolicyDocument("sync", BUCKET, "db/"), expiresOn);

    it("without an expiry the sync key writes, reads and lists (the control)", async () => {
        const s3 = s3As(server, await createUser(server, "no-expiry", policy()));
        try {
            assert.deepEqual(await writeAndRead(s3, "db/no-expiry"), { write: "worked", read: "worked", list: "worked" });
        } finally {
            s3.destroy();
        }
    });

    it("a key whose expiry is centuries away works", async () => {
        const s3 = s3As(server, await createUser(server, "valid", policy("2999-01-01T00:00:00Z")));
        try {
            assert.deepEqual(await writeAndRead(s3, "db/valid"), { write: "worked", read: "worked", list: "worked" });
        } finally {
            s3.destroy();
        }
    });

    it("a key past its expiry is refused everything: radosgw evaluates aws:CurrentTime", async () => {
        const s3 = s3As(server, await createUser(server, "expired", policy("2001-01-01T00:00:00Z")));
        try {
            assert.deepEqual(await writeAndRead(s3, "db/expired"), { write: "refused", read: "refused", list: "refused" });
        } finally {
            s3.destroy();
        }
    });
});
