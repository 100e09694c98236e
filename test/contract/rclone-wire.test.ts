/**
 * Contract: what rclone really sends with the generated AWS sections, and
 * whether AWS would let it.
 *
 * The jobs a host runs (copy with its flags, twice; sync, twice with the tree
 * changed in between; verify: check, check --download, a restore), with the
 * rclone the tests run (Debian 12's 1.60.1), each section as generated
 * (provider AWS, virtual-hosted) holding its generated policy as a role
 * session on radosgw, through the recording relay. radosgw does not refuse
 * an ACL header it has no grant for, so a night that works here proves
 * nothing about AWS: each recorded request is mapped to the authorizations
 * AWS makes for it (components/providers/aws/requests.ts) and evaluated with
 * pbac against the section's own policy, conditions included (s3:prefix,
 * s3:x-amz-acl, the key's aws:CurrentTime expiry), and against what a
 * BucketOwnerEnforced bucket refuses outright.
 *
 * Not run here: an aws:kms section (radosgw refuses policies that name kms:
 * actions; the KMS grants are checked by the pack's pbac probes) and a
 * server-side copy (no generated job makes one; the table's CopyObject row
 * is tested in test/aws/requests.test.ts).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DeleteObjectCommand, GetObjectCommand, PutObjectAclCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { runPlan } from "../../cli/plan/run";
import { MIN_RCLONE, olderThan, parseRcloneVersion, rcloneEnv } from "../../cli/shared/rclone";
import type { PermissionEntry } from "../../components/outputs";
import { adminS3, s3As, s3Outcome, skipUnlessRgw, startRgw, type RgwServer, type SessionKeys } from "../support/rgw";
import { contractStackConfig, deployToRgw, type ContractCredential, type DeployedEnvironment } from "../support/contract/deploy";
import { WIRE_DOMAIN, asOnAws, describeDenied, judgeRecording, rcloneVia, type Judgement, type RcloneRun } from "../support/contract/wire";
import { readRecording, startRecordingRelay, type RecordedRequest } from "../support/relay/recording";

const BUCKET = "acme-backup-staging-main";
/** One section per role (every host's section of a credential differs only in its keys: asserted below). */
const CREDENTIALS: Readonly<Record<string, ContractCredential>> = {
    "db-archive": { role: "copy", prefix: "db/", hosts: ["db1", "db2"] },
    "files-mirror": { role: "sync", prefix: "files/", hosts: ["files1"] },
    "restore-check": { role: "verify", prefix: "", hosts: ["mon1"] },
};
const COPY = "staging-db-archive.db1";
const SYNC = "staging-files-mirror.files1";
const VERIFY = "staging-restore-check.mon1";
/** Lowered from rclone's 200 MiB so a 12 MiB file is a multipart upload (three 5 MiB parts). */
const MULTIPART = ["--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M"];

/** The contract environment with keys that expire (issued today, 90 days + 14 grace): every statement carries the condition. */
function expiringConfig() {
    const base = contractStackConfig("staging", CREDENTIALS);
    const today = new Date().toISOString().slice(0, 10);
    const generations = Object.fromEntries(
        Object.entries(CREDENTIALS).map(([name, c]) => [name, Object.fromEntries(c.hosts.map((h) => [h, [{ generation: 1, issued: today }]]))]),
    );
    return {
        ...base,
        values: {
            ...base.values,
            "backup-remotes:keyRotation": JSON.stringify({ maxKeyAgeDays: 90 }),
            "backup-remotes:keyGenerations": JSON.stringify(generations),
        },
    };
}

describe("rclone 1.60.1 on the wire: every request of the generated AWS sections is one their policies allow", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let env: DeployedEnvironment;
    let work: string;
    let records: RecordedRequest[];
    let recordFile: string;
    const runs: RcloneRun[] = [];
    const judged = (section: string) => judgeRecording(records, env).judged.filter((j) => j.section === section);

    before(async () => {
        server = await startRgw({ virtualHostDomain: WIRE_DOMAIN });
        work = mkdtempSync(join(tmpdir(), "rclone-wire-"));
        const plan = await runPlan("staging", { config: expiringConfig() });
        env = await deployToRgw(server, plan, { section: (_name, options) => asOnAws(options) });
        const config = join(work, "rclone.conf");
        writeFileSync(config, env.outputs.rcloneConfig, { mode: 0o600 });

        const dbSrc = join(work, "db");
        const filesSrc = join(work, "files");
        for (const dir of [dbSrc, join(filesSrc, "sub")]) mkdirSync(dir, { recursive: true });
        for (const dir of [dbSrc, filesSrc]) {
            writeFileSync(join(dir, "large.bin"), randomBytes(12 * 1024 * 1024));
            writeFileSync(join(dir, "small.txt"), "the first night\n");
        }
        writeFileSync(join(filesSrc, "sub", "notes.txt"), "removed before the second night\n");

        recordFile = join(work, "wire.jsonl");
        const relay = await startRecordingRelay(server.port, recordFile);
        const flags = (section: string) => env.outputs.remotes.find((r) => r.section === section)!.rcloneFlags;
        const rclone = async (args: string[]) => {
            runs.push(await rcloneVia(relay.url, config, args));
        };
        try {
            const copyDst = `${COPY}:${BUCKET}/db/nightly/`;
            await rclone(["copy", ...flags(COPY), ...MULTIPART, dbSrc, copyDst]);
            await rclone(["copy", ...flags(COPY), ...MULTIPART, dbSrc, copyDst]);
            const syncDst = `${SYNC}:${BUCKET}/files/nightly/`;
            await rclone(["sync", ...flags(SYNC), ...MULTIPART, filesSrc, syncDst]);
            writeFileSync(join(filesSrc, "small.txt"), "the second night, longer than the first\n");
            unlinkSync(join(filesSrc, "sub", "notes.txt"));
            writeFileSync(join(filesSrc, "new.txt"), "new on the second night\n");
            await rclone(["sync", ...flags(SYNC), ...MULTIPART, filesSrc, syncDst]);
            await rclone(["check", ...flags(VERIFY), filesSrc, `${VERIFY}:${BUCKET}/files/nightly/`]);
            await rclone(["check", "--download", ...flags(VERIFY), dbSrc, `${VERIFY}:${BUCKET}/db/nightly/`]);
            await rclone(["copy", ...flags(VERIFY), `${VERIFY}:${BUCKET}/db/nightly/`, join(work, "restore")]);
        } finally {
            await relay.stop();
        }
        records = readRecording(recordFile);
    });

    after(async () => {
        await server?.stop();
        if (work) rmSync(work, { recursive: true, force: true });
    });

    it("the rclone recorded is one the sections support (Debian 12's is 1.60.1)", (t) => {
        const line = execFileSync("rclone", ["version"], { env: rcloneEnv(), encoding: "utf8" }).split("\n")[0]!;
        const version = parseRcloneVersion(line);
        assert.ok(version && !olderThan(version, MIN_RCLONE), line);
        t.diagnostic(`recorded with rclone ${version.join(".")}`);
    });

    it("the nights work on radosgw: every job exits 0, the second copy uploads nothing, the restore is the backup", () => {
        for (const r of runs) assert.equal(r.code, 0, `rclone ${r.args.join(" ")}\n${r.log}`);
        assert.match(runs[1]!.log, /Transferred:\s+0 B \/ 0 B/);
        assert.deepEqual(readFileSync(join(work, "restore", "large.bin")), readFileSync(join(work, "db", "large.bin")));
    });

    it("the sections are the generated ones, AWS-addressed: hosts of a credential differ only in their keys", () => {
        const hostOptions = (host: string) => ({ ...env.outputs.hosts[host]!.sections[0]!.options });
        const [db1, db2] = [hostOptions("db1"), hostOptions("db2")];
        for (const k of ["access_key_id", "secret_access_key", "session_token"]) {
            delete db1[k];
            delete db2[k];
        }
        assert.deepEqual(db1, db2);
        assert.equal(db1.provider, "AWS");
        assert.ok(records.length > 0 && records.every((r) => r.host.endsWith(`.${WIRE_DOMAIN}`)), "every request virtual-hosted, as on AWS");
    });

    it("the recording covers what the nights do: uploads (single and multipart), listings, deletes, HEADs and downloads", () => {
        const operations = (section: string) => new Set(judged(section).map((j) => j.authorized.operation));
        for (const op of ["ListObjectsV2", "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload"]) {
            assert.ok(operations(COPY).has(op), `copy: ${op}`);
            assert.ok(operations(SYNC).has(op), `sync: ${op}`);
        }
        assert.ok(operations(SYNC).has("DeleteObject"), "sync: the second night deletes");
        assert.ok(operations(SYNC).has("HeadObject"), "sync: rclone HEADs what it uploaded (no no_head)");
        assert.ok(!operations(COPY).has("HeadObject") && !operations(COPY).has("GetObject"), "copy: no read at all");
        for (const op of ["ListObjectsV2", "GetObject"]) assert.ok(operations(VERIFY).has(op), `verify: ${op}`);
    });

    it("every request is known to the AWS table and signed by a deployed section", () => {
        assert.deepEqual(judgeRecording(records, env).unjudged, []);
    });

    it("every request needs only what its section's policy grants, at the time it was made (s3:prefix, s3:x-amz-acl, aws:CurrentTime)", () => {
        const judgement: Judgement = judgeRecording(records, env);
        assert.deepEqual(judgement.judged.flatMap(describeDenied), []);
        // What the uploads said about their ACL, as the wire carried it.
        const acls = new Set(
            judgement.judged
                .filter((j) => ["PutObject", "CreateMultipartUpload"].includes(j.authorized.operation))
                .map((j) => j.record.headers["x-amz-acl"] ?? "(none)"),
        );
        assert.deepEqual([...acls], ["bucket-owner-full-control"]);
    });

    it("no request carries an ACL a BucketOwnerEnforced bucket refuses", () => {
        assert.deepEqual(
            judgeRecording(records, env).judged.flatMap((j) => j.authorized.refusals.map((r) => `${j.section} ${j.authorized.operation}: ${r}`)),
            [],
        );
    });

    it("the expiry condition is evaluated: at the keys' expiry every recorded request is denied", () => {
        const expiries = new Set((env.outputs.permissions as PermissionEntry[]).flatMap((p) => p.keys?.generations.map((g) => g.expiresOn) ?? []));
        assert.equal(expiries.size, 1, "one expiry for keys issued the same day");
        const [expiresOn] = [...expiries];
        const late = judgeRecording(records, env, expiresOn);
        assert.ok(late.judged.length > 0);
        assert.deepEqual(
            late.judged.filter((j) => j.denied.length < j.authorized.authorizations.length).map((j) => j.record.seq),
            [],
        );
    });

    it("the recording keeps no secret: no secret key, session token or signature, and the file is 0600", () => {
        const text = readFileSync(recordFile, "utf8");
        for (const host of Object.values(env.outputs.hosts)) {
            for (const s of host.sections) {
                for (const k of ["secret_access_key", "session_token"]) assert.ok(!text.includes(s.options[k]!), `${s.name} ${k} in the recording`);
            }
        }
        assert.doesNotMatch(text, /Signature=/);
        assert.ok(records.every((r) => r.accessKeyId !== undefined && r.otherHeaders.includes("authorization")));
        assert.equal(statSync(recordFile).mode & 0o777, 0o600);
    });

    it("radosgw agrees on the ACL grant: the copy key may set bucket-owner-full-control, never public-read or private; it still cannot read or delete", async () => {
        const options = env.outputs.hosts.db1!.sections[0]!.options;
        const keys: SessionKeys = { accessKeyId: options.access_key_id!, secretAccessKey: options.secret_access_key!, sessionToken: options.session_token! };
        const s3 = s3As(server, keys);
        const admin = adminS3(server);
        try {
            const key = "db/nightly/small.txt";
            assert.equal(await s3Outcome(s3.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: key, ACL: "bucket-owner-full-control" }))), "worked");
            for (const acl of ["public-read", "private", "authenticated-read"] as const) {
                assert.equal(await s3Outcome(s3.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: key, ACL: acl }))), "refused", acl);
            }
            assert.equal(
                await s3Outcome(s3.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: "files/nightly/small.txt", ACL: "bucket-owner-full-control" }))),
                "refused",
                "outside db/",
            );
            await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: "db/admin-object", Body: "admin" }));
            assert.equal(await s3Outcome(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "db/admin-object" }))), "refused");
            assert.equal(await s3Outcome(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "db/admin-object" }))), "refused");
        } finally {
            s3.destroy();
            admin.destroy();
        }
    });
});
