/**
 * Contract: AWS ownership on a server that lacks it, and the copy role's
 * second night.
 *
 * radosgw lets a plain user read objects it uploaded, whatever its policy
 * (AWS with BucketOwnerEnforced does not: the bucket owner owns every object).
 * With plain users, a correct copy key reads back its own probe; the test must
 * then say so (inconclusive) instead of passing or blaming the key, and with
 * --admin-config (objects written by the admin) it must refuse correctly.
 *
 * The copy rerun: the flags before the fix (--checksum) make a second `rclone
 * copy` of a multipart object HEAD the destination, which a key without read
 * may not: every run uploads again and fails. Reproduced here with the real
 * rclone command a host runs (12 MB, 5 MB chunks), and caught by the
 * post-deploy rerun check; the generated flags pass both.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAdminConfig } from "../../cli/postdeploy/admin";
import { loadOutputs } from "../../cli/postdeploy/outputs";
import { rcloneEnv } from "../../cli/shared/rclone";
import { runPostdeploy } from "../../cli/postdeploy/run";
import type { PlanResult } from "../../cli/plan/run";
import { adminConfigText, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";
import { deployToRgw, planEnvironment } from "../support/contract/deploy";
import { STAGING_CREDENTIALS } from "../support/contract/environments";
import { AUTH_RETRY_MS, check } from "../support/contract/postdeploy";

const ONE_OF_EACH = (s: string) => s.endsWith(".db1") || s.endsWith(".files1") || s.endsWith(".mon1");

/** `rclone copy` as a host's nightly job runs it; resolves with the exit code and the log. */
function rcloneCopy(config: string, flags: readonly string[], src: string, dst: string): Promise<{ code: number; log: string }> {
    return new Promise((resolve) => {
        execFile(
            "rclone",
            ["--config", config, "copy", ...flags, "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M", "-v", src, dst],
            { env: rcloneEnv(), maxBuffer: 16 * 1024 * 1024 },
            (err, _out, log) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, log }),
        );
    });
}

describe("post-deploy contract: ownership and the copy role's second run", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let plan: PlanResult;
    let workDir: string;

    before(async () => {
        server = await startRgw();
        workDir = mkdtempSync(join(tmpdir(), "postdeploy-ownership-"));
        plan = await planEnvironment("staging", STAGING_CREDENTIALS);
        await deployToRgw(server, plan, { only: () => false });
    });

    after(async () => {
        await server?.stop();
        if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it("plain users (uploader reads its own objects): without --admin-config the copy key's read and rerun are inconclusive, saying why; with it they pass", async () => {
        const env = await deployToRgw(server, plan, { bucketsExist: true, identity: "user", userSuffix: "-plain", only: ONE_OF_EACH });
        const outputs = loadOutputs(env.outputs, "plain", "staging");
        const bare = await runPostdeploy(outputs, { authRetryMs: AUTH_RETRY_MS });
        const read = check(bare, "staging-db-archive.db1", "read");
        assert.equal(read.status, "inconclusive", read.detail);
        assert.match(read.detail, /its own object/);
        assert.match(read.detail, /lets an uploader read its own objects .*give --admin-config/);
        const rerun = check(bare, "staging-db-archive.db1", "rerun");
        assert.equal(rerun.status, "inconclusive", rerun.detail);
        assert.match(rerun.detail, /lets the section read the object it wrote .*give --admin-config/);

        const withAdmin = await runPostdeploy(outputs, { admin: parseAdminConfig(adminConfigText(server), "admin"), authRetryMs: AUTH_RETRY_MS });
        assert.equal(check(withAdmin, "staging-db-archive.db1", "read").status, "refused");
        assert.match(check(withAdmin, "staging-db-archive.db1", "read").detail, /written by postdeploy-admin/);
        assert.equal(check(withAdmin, "staging-db-archive.db1", "rerun").status, "ok");
        // Plain radosgw users also list their own buckets and create buckets within their quota whatever the
        // policy says (test/support/rgw/admin.ts): those checks are not what this test is about.
    });

    it("the flags before the fix (--checksum): the post-deploy rerun check fails, naming the re-upload", async () => {
        const env = await deployToRgw(server, plan, {
            bucketsExist: true,
            userSuffix: "-old",
            only: (s) => s.endsWith(".db1"),
            rcloneFlags: () => ["--checksum"],
        });
        const r = await runPostdeploy(loadOutputs(env.outputs, "old flags", "staging"), {
            admin: parseAdminConfig(adminConfigText(server), "admin"),
            authRetryMs: AUTH_RETRY_MS,
        });
        const rerun = check(r, "staging-db-archive.db1", "rerun");
        assert.equal(rerun.status, "failed", rerun.detail);
        assert.match(rerun.detail, /uploaded 65536 bytes again/);
        assert.match(rerun.diagnosis ?? "", /use --ignore-existing/);
        assert.equal(r.failed, true);
    });

    it("the host's own command: a second `rclone copy` of a 12 MB multipart file uploads nothing and exits 0 with the generated flags; --checksum fails", async () => {
        const env = await deployToRgw(server, plan, { bucketsExist: true, userSuffix: "-cli", only: (s) => s.endsWith(".db1") });
        const config = join(workDir, "rclone.conf");
        writeFileSync(config, env.outputs.rcloneConfig, { mode: 0o600 });
        const src = join(workDir, "nightly");
        mkdirSync(src);
        writeFileSync(join(src, "large.bin"), randomBytes(12 * 1024 * 1024));
        const flags = env.outputs.remotes[0]!.rcloneFlags;
        assert.deepEqual(flags, ["--ignore-existing"]);
        const dst = "staging-db-archive.db1:acme-backup-staging-main/db/nightly/";
        const first = await rcloneCopy(config, flags, src, dst);
        assert.equal(first.code, 0, first.log);
        const second = await rcloneCopy(config, flags, src, dst);
        assert.equal(second.code, 0, second.log);
        assert.match(second.log, /Transferred:\s+0 B \/ 0 B/);

        const old = "staging-db-archive.db1:acme-backup-staging-main/db/nightly-checksum/";
        assert.equal((await rcloneCopy(config, ["--checksum"], src, old)).code, 0);
        const again = await rcloneCopy(config, ["--checksum"], src, old);
        assert.notEqual(again.code, 0, "the second night fails");
        assert.match(again.log, /Failed to calculate dst hash: Forbidden/);
        assert.match(again.log, /Copied \(replaced existing\)/);
    });
});
