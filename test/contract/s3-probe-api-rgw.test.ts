/**
 * Post-deploy's S3 probes (probe-api/s3.ts over aws-lite) against radosgw: the
 * calls the post-deploy runs make, each checked for its effect, the bucket
 * settings written back as read, versions listed and purged over more than one
 * page and batch, and the texts a refused key gets as the diagnosis reads them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { classifyError } from "../../cli/shared/error-kind";
import { S3ProbeApi } from "../../cli/postdeploy/probe-api/s3";
import { createBucket, createPlainUser, skipUnlessRgw, startRgw, type RgwServer, type S3Keys } from "../support/rgw";

const BUCKET = "probe-api-rgw";
const LIFECYCLE = [
    { ID: "noncurrent", Status: "Enabled", Filter: { Prefix: "" }, NoncurrentVersionExpiration: { NoncurrentDays: 14 } },
    { ID: "uploads", Status: "Enabled", Filter: { Prefix: "p/" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 } },
] as const;
const POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "deny-http",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: `arn:aws:s3:::${BUCKET}/*`,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ],
});

describe("S3 probes over aws-lite against radosgw", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    const as = (keys: S3Keys) =>
        new S3ProbeApi({ keys, endpoint: server.endpoint, region: server.region }, { timeoutMs: 10_000, secrets: [keys.secretAccessKey], count: () => {} });
    before(async () => {
        server = await startRgw();
        await createBucket(server, BUCKET, { versioning: true, lifecycle: [...LIFECYCLE], policy: POLICY });
    });
    after(async () => {
        await server?.stop();
    });

    it("a version written is read back byte for byte (a JSON-named key, bytes that are not UTF-8), then deleted by id", async () => {
        const api = as(server.admin);
        const body = Buffer.from([0x7b, 0x22, 0xff, 0x00, 0x80, 0x7d]);
        const put = await api.putObject(BUCKET, "p/a b+c.json", body);
        assert.ok(put.ok && put.value.versionId, "a versioned bucket names the version");
        const versionId = put.value.versionId;
        assert.deepEqual(await api.readVersion(BUCKET, "p/a b+c.json", versionId), { ok: true, value: body });
        assert.deepEqual(await api.versionExists(BUCKET, "p/a b+c.json", versionId), { ok: true, value: true });
        assert.deepEqual(await api.deleteVersion(BUCKET, "p/a b+c.json", versionId), { ok: true, value: undefined });
        assert.deepEqual(await api.versionExists(BUCKET, "p/a b+c.json", versionId), { ok: true, value: false });
    });

    it("versioning, lifecycle and policy are read and written back unchanged", async () => {
        const api = as(server.admin);
        for (const setting of ["versioning", "lifecycle", "policy"] as const) {
            const read = await api.readSetting(BUCKET, setting);
            assert.ok(read.ok && read.value, `${setting} read`);
            assert.deepEqual(await api.writeSetting(BUCKET, setting, read.value), { ok: true, value: undefined }, setting);
            assert.deepEqual(await api.readSetting(BUCKET, setting), read, `${setting} unchanged`);
        }
        const policy = await api.readSetting(BUCKET, "policy");
        assert.deepEqual(JSON.parse(policy.ok ? (policy.value ?? "") : ""), JSON.parse(POLICY));
    });

    it("versions and delete markers are listed over every page and purged in batches of 1000", async () => {
        const api = as(server.admin);
        for (let i = 0; i < 1001; i += 50) {
            await Promise.all(Array.from({ length: Math.min(50, 1001 - i) }, (_, j) => api.putObject(BUCKET, `many/${i + j}`, Buffer.from("x"))));
        }
        assert.ok((await api.deleteObject(BUCKET, "many/0")).ok);
        const listed = await api.listVersions(BUCKET, "many/");
        assert.ok(listed.ok);
        assert.equal(listed.value.length, 1002);
        assert.deepEqual(
            listed.value.filter((v) => v.key === "many/0").map((v) => [v.deleteMarker, v.latest]),
            [
                [false, false],
                [true, true],
            ],
        );
        assert.deepEqual(await api.purgeVersions(BUCKET, "many/"), { ok: true, value: 1002 });
        assert.deepEqual(await api.listVersions(BUCKET, "many/"), { ok: true, value: [] });
    });

    it("buckets are listed, created at the server's default location and deleted", async () => {
        const api = as(server.admin);
        assert.deepEqual(await api.createBucket("probe-api-new"), { ok: true, value: undefined });
        // A bucket without them: nothing to write back.
        assert.deepEqual(await api.readSetting("probe-api-new", "lifecycle"), { ok: true, value: undefined });
        assert.deepEqual(await api.readSetting("probe-api-new", "policy"), { ok: true, value: undefined });
        const names = await api.listBuckets();
        assert.ok(names.ok && names.value.includes("probe-api-new") && names.value.includes(BUCKET));
        assert.deepEqual(await api.deleteBucket("probe-api-new"), { ok: true, value: undefined });
    });

    it("a key with no grant is refused with texts the diagnosis reads as access denied", async () => {
        const outsider = as(await createPlainUser(server, "probe-api-outsider"));
        const attempts = [
            await outsider.putObject(BUCKET, "p/x", Buffer.from("x")),
            await outsider.readVersion(BUCKET, "p/x", "v"),
            await outsider.putObjectAcl(BUCKET, "p/x", "public-read"),
            await outsider.readSetting(BUCKET, "policy"),
            await outsider.createBucket("probe-api-outsider-bucket"),
        ];
        for (const res of attempts) {
            assert.ok(!res.ok);
            assert.match(res.text, /^AccessDenied \(HTTP 403\)/);
            assert.equal(classifyError(res.text, "aws"), "access-denied");
        }
        assert.deepEqual(await outsider.versionExists(BUCKET, "p/x", "v"), { ok: true, value: undefined });
    });
});
