/**
 * Contract: a key bound to its host's addresses works from them and is
 * refused from anywhere else. radosgw evaluates `aws:SourceIp` in role
 * policies (LOCAL-S3.md 14), so db1's keys — planned with hostAddresses
 * db1: [127.0.0.1/32], each a role session holding exactly the generated
 * policy with its aws:SourceIp condition — are run with the real rclone
 * bound to 127.0.0.1 (allowed) and to 127.0.0.2 (a loopback alias: the only
 * other address ever used). db2 lists no addresses: its keys work from
 * 127.0.0.2, so a refusal there is the condition, not the network.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runPlan } from "../../cli/plan/run";
import { rcloneEnv } from "../../cli/shared/rclone";
import type { RemoteSummary } from "../../components/outputs";
import { AWS_SOURCE_IP } from "../../components/providers/aws/source-ip";
import { type CliRun, REPO } from "../pull-config/helpers";
import { ALLOWED, BOUND_CREDENTIALS as CREDENTIALS, boundStackConfig, ELSEWHERE } from "../support/contract/bound";
import { type DeployedEnvironment, deployToRgw } from "../support/contract/deploy";
import { keysUnder, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";

const BUCKET = "acme-backup-staging-main";

function rclone(args: readonly string[]): Promise<CliRun> {
    return new Promise((resolve) => {
        execFile("rclone", [...args], { cwd: REPO, env: rcloneEnv(), maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
            resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }),
        );
    });
}

/** Each role's job (as host-job.ts writes it), from `bind`; one try, so a refusal is not retried for a minute. */
function job(conf: string, r: RemoteSummary, source: string, bind: string): Promise<CliRun> {
    const verb = r.role === "verify" ? ["check", "--one-way"] : [r.role];
    return rclone([
        "--config",
        conf,
        ...verb,
        ...r.rcloneFlags,
        source,
        `${r.section}:${r.path}`,
        "--bind",
        bind,
        "--retries",
        "1",
        "--low-level-retries",
        "1",
    ]);
}

const REFUSED = /AccessDenied|403 Forbidden|status code: 403/;

describe("a key bound to its host's addresses works from them and is refused elsewhere (radosgw)", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let dir: string;
    let conf: string;
    let deployed: DeployedEnvironment;
    const source = { db: "", files: "" };
    const section = (credential: string, host: string): RemoteSummary => deployed.outputs.remotes.find((r) => r.credential === credential && r.host === host)!;

    before(async () => {
        server = await startRgw();
        dir = mkdtempSync(join(tmpdir(), "host-addresses-"));
        deployed = await deployToRgw(server, await runPlan("staging", { config: boundStackConfig() }));
        conf = join(dir, "rclone.conf");
        writeFileSync(conf, deployed.outputs.rcloneConfig, { mode: 0o600 });
        source.db = join(dir, "db");
        source.files = join(dir, "files");
        mkdirSync(source.db);
        mkdirSync(source.files);
        writeFileSync(join(source.db, "db-2026-12-01.sql"), "dump\n");
        writeFileSync(join(source.files, "a.txt"), "a\n");
    });

    after(async () => {
        await server?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("db1's generated policies carry aws:SourceIp 127.0.0.1/32 on every statement, db2's none", () => {
        for (const credential of Object.keys(CREDENTIALS)) {
            const bound = JSON.parse(deployed.policyOf(section(credential, "db1").section)) as {
                Statement: { Condition?: Record<string, Record<string, unknown>> }[];
            };
            for (const s of bound.Statement) assert.deepEqual(s.Condition?.IpAddress?.[AWS_SOURCE_IP], [`${ALLOWED}/32`], credential);
            assert.doesNotMatch(deployed.policyOf(section(credential, "db2").section), /aws:SourceIp/, credential);
        }
    });

    it("copy: db1's key is refused from 127.0.0.2 and writes nothing, then works from 127.0.0.1", async () => {
        const r = section("db-archive", "db1");
        const refused = await job(conf, r, source.db, ELSEWHERE);
        assert.notEqual(refused.code, 0, refused.stderr);
        assert.match(refused.stderr, REFUSED);
        assert.deepEqual(await keysUnder(server, BUCKET, "db/"), []);
        const worked = await job(conf, r, source.db, ALLOWED);
        assert.equal(worked.code, 0, worked.stderr);
        assert.deepEqual(await keysUnder(server, BUCKET, "db/"), ["db/db-2026-12-01.sql"]);
    });

    it("sync: db1's key is refused from 127.0.0.2 and writes nothing, then works from 127.0.0.1", async () => {
        const r = section("files-mirror", "db1");
        const refused = await job(conf, r, source.files, ELSEWHERE);
        assert.notEqual(refused.code, 0, refused.stderr);
        assert.match(refused.stderr, REFUSED);
        assert.deepEqual(await keysUnder(server, BUCKET, "files/"), []);
        const worked = await job(conf, r, source.files, ALLOWED);
        assert.equal(worked.code, 0, worked.stderr);
        assert.deepEqual(await keysUnder(server, BUCKET, "files/"), ["files/a.txt"]);
    });

    it("verify: db1's key is refused from 127.0.0.2, and checks the copy from 127.0.0.1", async () => {
        const r = section("db-check", "db1");
        assert.deepEqual(await keysUnder(server, BUCKET, "db/"), ["db/db-2026-12-01.sql"], "the copy test ran first");
        const refused = await job(conf, r, source.db, ELSEWHERE);
        assert.notEqual(refused.code, 0, refused.stderr);
        assert.match(refused.stderr, REFUSED);
        const worked = await job(conf, r, source.db, ALLOWED);
        assert.equal(worked.code, 0, worked.stderr);
        assert.match(worked.stderr, /0 differences found/);
    });

    it("db2's unbound keys work from 127.0.0.2: the refusals above are the condition, not the address", async () => {
        writeFileSync(join(source.db, "db-2026-12-02.sql"), "next\n");
        const copy = await job(conf, section("db-archive", "db2"), source.db, ELSEWHERE);
        assert.equal(copy.code, 0, copy.stderr);
        const verify = await job(conf, section("db-check", "db2"), source.db, ELSEWHERE);
        assert.equal(verify.code, 0, verify.stderr);
        const sync = await job(conf, section("files-mirror", "db2"), source.files, ELSEWHERE);
        assert.equal(sync.code, 0, sync.stderr);
    });
});
