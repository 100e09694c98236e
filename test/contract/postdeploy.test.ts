/**
 * Contract suite: the real program's IAM policies (offline plan under mocks),
 * enforced by a real S3 server (radosgw, each policy held by a role session:
 * deny by default, as AWS), exercised by the real rclone (one rcd) and the S3
 * API through the post-deploy command, with radosgw's admin as
 * [postdeploy-admin]. Correct keys pass every check; the command's files,
 * exit codes and secrecy; injected faults are caught and diagnosed.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAdminConfig, type AdminConfig } from "../../cli/postdeploy/admin";
import { loadOutputs, type LoadedOutputs } from "../../cli/postdeploy/outputs";
import { renderTable } from "../../cli/postdeploy/report";
import { runPostdeploy } from "../../cli/postdeploy/run";
import type { PostdeployReport } from "../../cli/postdeploy/types";
import { expectedOutcome } from "../../components/permissions/expectations";
import type { PlanResult } from "../../cli/plan/run";
import { adminConfigText, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";
import { freePort } from "../support/rgw/ports";
import { deployToRgw, planEnvironment, type DeployedEnvironment } from "../support/contract/deploy";
import { PROD_CREDENTIALS, STAGING_CREDENTIALS } from "../support/contract/environments";
import { AUTH_RETRY_MS, check, notPassing, REPO, runCli, versionsUnder, withoutAction } from "../support/contract/postdeploy";

// The checks whose expectation is a capability of the role; reading a noncurrent version is reading.
const CAPABILITY_CHECKS = { list: "list", write: "write", read: "read", "read-version": "read", delete: "delete" } as const;

describe("post-deploy contract against radosgw", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let stagingPlan: PlanResult;
    let staging: DeployedEnvironment;
    let prod: DeployedEnvironment;
    let stagingOutputs: LoadedOutputs;
    let prodOutputs: LoadedOutputs;
    let admin: AdminConfig;
    let workDir: string;
    let report: PostdeployReport;

    before(async () => {
        server = await startRgw();
        workDir = mkdtempSync(join(tmpdir(), "postdeploy-contract-"));
        // One plan at a time: the Pulumi runtime is process-global.
        stagingPlan = await planEnvironment("staging", STAGING_CREDENTIALS);
        const prodPlan = await planEnvironment("prod", PROD_CREDENTIALS);
        staging = await deployToRgw(server, stagingPlan);
        prod = await deployToRgw(server, prodPlan);
        stagingOutputs = loadOutputs(staging.outputs, "staging outputs", "staging");
        prodOutputs = loadOutputs(prod.outputs, "prod outputs", "prod");
        admin = parseAdminConfig(adminConfigText(server), "admin");
        report = await runPostdeploy(stagingOutputs, { otherEnv: prodOutputs, admin, authRetryMs: AUTH_RETRY_MS });
        mkdirSync(join(REPO, "reports"), { recursive: true });
        writeFileSync(join(REPO, "reports", "postdeploy-contract.txt"), renderTable(report) + "\n");
    });

    after(async () => {
        await server?.stop();
        if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it("uses the program's generated policies and flags, not hand-written ones", () => {
        const policy = JSON.parse(staging.policyOf("staging-db-archive.db1")) as { Statement: { Action: string[] }[] };
        const actions = policy.Statement.flatMap((s) => s.Action);
        assert.ok(actions.includes("s3:PutObject") && !actions.includes("s3:GetObject"), "copy policy: write without read");
        assert.equal(stagingOutputs.sections.length, 9);
        assert.deepEqual(stagingOutputs.sections[0]!.summary.rcloneFlags, ["--ignore-existing"]);
    });

    it("correct keys: every check passes, each with the status the permission model predicts", () => {
        assert.deepEqual(notPassing(report), [], renderTable(report));
        assert.equal(report.failed, false);
        for (const s of report.sections) {
            const perms = stagingOutputs.sections.find((x) => x.summary.section === s.section)!.permissions;
            for (const c of s.checks) {
                const capability = CAPABILITY_CHECKS[c.check as keyof typeof CAPABILITY_CHECKS];
                if (capability) {
                    assert.equal(c.status, expectedOutcome(perms, capability).outcome === "succeeds" ? "ok" : "refused", `${s.section} ${c.check}`);
                } else if (c.check === "overwrite") {
                    assert.equal(c.status, "deviation", `${s.section} overwrite`);
                    assert.match(c.detail, /control held: the replaced version is still there/);
                } else if (c.check === "rerun") {
                    assert.equal(c.status, "ok");
                } else {
                    assert.equal(c.status, "refused", `${s.section} ${c.check}: ${c.detail}`);
                }
            }
        }
    });

    it("each destructive attempt aims at an object of its own, written by the admin in the section's folder (a delete the key may not make at a key nobody wrote); reads at the admin's", () => {
        for (const s of report.sections) {
            const folder = `${s.runPath.slice(s.bucket.length + 1)}targets/`;
            for (const name of ["delete", "delete-version", "overwrite"]) {
                const c = s.checks.find((x) => x.check === name);
                if (!c) continue;
                if (name === "delete" && s.role !== "sync") {
                    // probe-unwritten.ts: refused on a key nobody wrote, so no object was written for it.
                    assert.equal(c.status, "refused", `${s.section} ${name}`);
                    assert.match(c.detail, /targets\/unwritten\.bin \(its own prefix; a key nobody wrote/, `${s.section} ${name}`);
                } else assert.match(c.detail, /written by postdeploy-admin/, `${s.section} ${name}`);
                assert.ok(c.detail.includes(folder), `${s.section} ${name}: ${c.detail}`);
            }
            assert.match(check(report, s.section, "read").detail, /targets\/read\.bin \(an object written by postdeploy-admin\)/);
        }
    });

    it("the copy role's second run uploads nothing and succeeds, with the destination owned by another identity", () => {
        for (const name of ["staging-db-archive.db1", "staging-db-archive.db2", "staging-db-archive.db3"]) {
            const c = check(report, name, "rerun");
            assert.equal(c.status, "ok", c.detail);
            assert.match(c.detail, /64 KiB multipart file .*rewritten by postdeploy-admin in between: uploaded nothing, no error/);
        }
    });

    it("one rclone process for the whole run; every probe and version removed by the admin; nothing written into prod", async () => {
        assert.equal(report.rclone.processes, 1);
        assert.ok(report.rclone.rcCalls > 100, "the checks went through the rc API");
        assert.deepEqual(report.leftovers, []);
        const bucket = "acme-backup-staging-main";
        for (const prefix of ["db/", "files/", "", "db-postdeploy-sibling/"]) {
            assert.deepEqual(await versionsUnder(server, bucket, `${prefix}postdeploy-runs/${report.runId}/`), [], `${prefix} run folder`);
        }
        assert.deepEqual(await versionsUnder(server, "acme-backup-prod-main", ""), [], "nothing was written into prod");
    });

    describe("the command", () => {
        let outFile: string;
        let otherFile: string;
        let adminFile: string;

        before(() => {
            outFile = join(workDir, "staging.json");
            otherFile = join(workDir, "prod.json");
            adminFile = join(workDir, "admin.conf");
            writeFileSync(outFile, JSON.stringify(staging.outputs), { mode: 0o600 });
            writeFileSync(otherFile, JSON.stringify(prod.outputs), { mode: 0o600 });
            writeFileSync(adminFile, adminConfigText(server), { mode: 0o600 });
        });

        it("--outputs/--other-env-outputs/--admin-config files, --json, --junit, --rclone-log: exit 0, no secret anywhere", async () => {
            const junit = join(workDir, "junit.xml");
            const log = join(workDir, "rclone.log");
            const res = await runCli([
                "--stack",
                "staging",
                "--outputs",
                outFile,
                "--other-env-outputs",
                otherFile,
                "--admin-config",
                adminFile,
                "--json",
                "--junit",
                junit,
                "--rclone-log",
                log,
                "--auth-retry",
                "2",
            ]);
            assert.equal(res.code, 0, res.stderr + res.stdout);
            const parsed = JSON.parse(res.stdout) as PostdeployReport;
            assert.equal(parsed.sections.length, 9);
            assert.doesNotMatch(res.stderr, /sections done/, "no progress outside a terminal");
            const xml = readFileSync(junit, "utf8");
            assert.match(xml, /<testsuites name="postdeploy staging" tests="\d+" failures="0"/);
            const rcloneLog = readFileSync(log, "utf8");
            assert.match(rcloneLog, /Serving remote control on http:\/\/127\.0\.0\.1:\d+\//, "rclone's own log was captured");
            const secrets = [...stagingOutputs.sections, ...prodOutputs.sections].flatMap((s) => [
                s.options.secret_access_key!,
                s.options.access_key_id!,
                s.options.session_token!,
            ]);
            secrets.push(server.admin.accessKeyId, server.admin.secretAccessKey);
            for (const secret of secrets) {
                for (const [where, text] of [
                    ["stdout", res.stdout],
                    ["stderr", res.stderr],
                    ["junit", xml],
                    ["rclone log", rcloneLog],
                ] as const) {
                    assert.ok(!text.includes(secret), `a key appeared in ${where}`);
                }
            }
        });

        it("exit codes: 2 for usage, 1 for invalid input, both without a stack trace", async () => {
            const badAdmin = join(workDir, "bad-admin.conf");
            writeFileSync(badAdmin, "[other]\ntype = s3\n", { mode: 0o600 });
            const [usage, help, mismatch, admin] = await Promise.all([
                runCli(["--stack", "staging", "--concurrency", "zero"]),
                runCli(["--help"]),
                runCli(["--stack", "prod", "--outputs", outFile]),
                runCli(["--stack", "staging", "--outputs", outFile, "--admin-config", badAdmin]),
            ]);
            assert.equal(usage.code, 2);
            assert.match(usage.stderr, /--concurrency must be a whole number/);
            assert.equal(help.code, 0);
            assert.match(
                help.stdout,
                /Exit codes \(the same for every backup-remotes command\):\n {2}0 {2}ok\n {2}1 {2}findings or invalid input: a check failed, was over-privileged or\s+inconclusive/,
            );
            assert.equal(mismatch.code, 1);
            assert.match(mismatch.stderr, /environment "staging", not of --stack prod/);
            assert.equal(admin.code, 1);
            assert.match(admin.stderr, /no \[postdeploy-admin\] section/);
            for (const r of [usage, mismatch, admin]) assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
        });
    });

    describe("no check passes by doing nothing", () => {
        it("a copy that rclone reports as done but that did nothing (--dry-run in the flags) is inconclusive, and fails the run", async () => {
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true,
                userSuffix: "-dry",
                only: (s) => s === "staging-db-archive.db1",
                rcloneFlags: (_s, flags) => [...flags, "--dry-run"],
            });
            const r = await runPostdeploy(loadOutputs(env.outputs, "dry", "staging"), { admin, authRetryMs: AUTH_RETRY_MS });
            const write = check(r, "staging-db-archive.db1", "write");
            assert.equal(write.status, "inconclusive");
            assert.equal(write.outcome, "inconclusive");
            assert.match(write.detail, /the call reported success but its effect is not there/);
            assert.equal(r.failed, true);
        });
    });

    describe("injected faults", () => {
        it("a copy credential without s3:PutObject: list works, write fails, diagnosed as missing write permission", async () => {
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true,
                userSuffix: "-noput",
                only: (s) => s.startsWith("staging-db-archive."),
                policy: (section, policy) => (section === "staging-db-archive.db1" ? withoutAction(policy, "s3:PutObject") : policy),
            });
            const r = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), { admin, authRetryMs: AUTH_RETRY_MS });
            assert.equal(r.failed, true);
            assert.equal(check(r, "staging-db-archive.db1", "list").status, "ok");
            const write = check(r, "staging-db-archive.db1", "write");
            assert.equal(write.status, "failed");
            assert.equal(write.errorKind, "access-denied");
            assert.match(write.diagnosis ?? "", /list works but write is refused: missing write permission \(s3:PutObject/);
            assert.equal(check(r, "staging-db-archive.db2", "write").status, "ok", "the fault stays with its credential");
        });

        it("a wrong secret is diagnosed as a signature mismatch after bounded retries", async () => {
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true,
                userSuffix: "-badsecret",
                only: (s) => s === "staging-files-mirror.files1",
                section: (_s, o) => ({ ...o, secret_access_key: "wrong" + o.secret_access_key!.slice(5) }),
            });
            const r = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), { authRetryMs: AUTH_RETRY_MS });
            const list = check(r, "staging-files-mirror.files1", "list");
            assert.equal(list.status, "inconclusive");
            assert.equal(list.errorKind, "signature");
            assert.match(list.diagnosis ?? "", /signature mismatch/);
            assert.match(list.detail, /after \d+ auth retr/, "authentication errors are retried (new keys propagate slowly)");
            assert.equal(check(r, "staging-files-mirror.files1", "write").status, "not-run");
        });

        it("a wrong endpoint port is diagnosed as connection refused, without hanging", async () => {
            const dead = await freePort();
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true,
                userSuffix: "-badport",
                only: (s) => s === "staging-restore-check.mon1",
                section: (_s, o) => ({ ...o, endpoint: `http://127.0.0.1:${dead}` }),
            });
            const r = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), { authRetryMs: AUTH_RETRY_MS, checkTimeoutMs: 30_000 });
            const list = check(r, "staging-restore-check.mon1", "list");
            assert.equal(list.status, "inconclusive");
            // A hang would have been killed by the check timeout and classified as such.
            assert.equal(list.errorKind, "connection-refused");
            assert.match(list.diagnosis ?? "", /connection refused: the endpoint .* is wrong \(host or port\)/);
        });

        // Last: it stops the gateway for good.
        it("the server stopped mid-run: clear errors, and cleanup reports what it could not remove", async () => {
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true,
                userSuffix: "-stop",
                only: (s) => s.endsWith(".db1") || s.endsWith(".files1") || s.endsWith(".mon1"),
            });
            const r = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), {
                authRetryMs: AUTH_RETRY_MS,
                beforePhase: async (phase) => {
                    if (phase === "attacks") await server.stopGateway();
                },
            });
            assert.equal(r.failed, true);
            assert.equal(check(r, "staging-files-mirror.files1", "write").status, "ok", "phase A ran before the stop");
            const read = check(r, "staging-files-mirror.files1", "read");
            assert.equal(read.status, "inconclusive");
            assert.equal(read.errorKind, "connection-refused");
            assert.ok(r.leftovers.length >= 2, "probes written before the stop are reported as left behind");
            for (const l of r.leftovers) assert.match(l.reason, /connection refused|no section may delete/);
            assert.match(renderTable(r), /left: acme-backup-staging-main\/files\//);
        });
    });
});
