/**
 * The local S3 server the contract suite relies on: it starts on a free port
 * in its own directory, enforces a user's IAM policy, and stops by pid.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { adminS3, createBucket, createUser, s3As, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";
import { awsPolicyDocument } from "../../components/providers/aws/access";
import { alive } from "../support/pids";

describe("local radosgw lifecycle", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    before(async () => {
        server = await startRgw();
    });
    after(async () => {
        await server?.stop();
    });

    it("serves S3 on 127.0.0.1 with an admin that can create a versioned bucket", async () => {
        assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
        await createBucket(server, "lifecycle-test", { versioning: true });
        const s3 = adminS3(server);
        const put = await s3.send(new PutObjectCommand({ Bucket: "lifecycle-test", Key: "a/x", Body: "x" }));
        s3.destroy();
        assert.ok(put.VersionId, "a versioned bucket returns a version id");
    });

    it("enforces a restricted user's IAM policy (verify role cannot write, can read)", async () => {
        const keys = await createUser(server, "verify-user", awsPolicyDocument("verify", "lifecycle-test", "a/"));
        const s3 = s3As(server, keys);
        try {
            await assert.rejects(
                s3.send(new PutObjectCommand({ Bucket: "lifecycle-test", Key: "a/y", Body: "y" })),
                (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 403,
            );
            const got = await s3.send(new GetObjectCommand({ Bucket: "lifecycle-test", Key: "a/x" }));
            assert.equal(await got.Body?.transformToString(), "x");
            await assert.rejects(s3.send(new GetObjectCommand({ Bucket: "lifecycle-test", Key: "x-outside" })));
        } finally {
            s3.destroy();
        }
    });

    it("stops every daemon by pid and removes its directory", async () => {
        const { mon, osd, rgw } = server.pids;
        await server.stop();
        for (const pid of [mon, osd, rgw]) assert.equal(alive(pid), false, `pid ${pid} still running`);
        assert.equal(existsSync(server.dir), false);
        await server.stop(); // idempotent
    });
});
