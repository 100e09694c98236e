/**
 * Contract suite: the real program's IAM policies (offline plan under mocks),
 * enforced by a real S3 server (radosgw), exercised by the real rclone through
 * the post-deploy command. Every allowed operation must work, every forbidden
 * one must be refused, and injected faults must be caught and diagnosed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { loadOutputs, type LoadedOutputs } from "../../cli/postdeploy/outputs";
import { renderTable } from "../../cli/postdeploy/report";
import { runPostdeploy } from "../../cli/postdeploy/run";
import type { CheckResult, PostdeployReport } from "../../cli/postdeploy/types";
import { expectedOutcome } from "../../components/permissions/expectations";
import { adminS3, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";
import { freePort } from "../support/rgw/ports";
import { deployToRgw, planEnvironment, type DeployedEnvironment } from "../support/contract/deploy";
import { PROD_CREDENTIALS, STAGING_CREDENTIALS } from "../support/contract/environments";
import type { PlanResult } from "../../cli/plan/run";

const REPO = join(__dirname, "..", "..");
/** Short: a fault must be reported quickly, not retried for the production default of 90 s. */
const AUTH_RETRY_MS = 1500;

function check(report: PostdeployReport, section: string, name: string): CheckResult {
    const c = report.sections.find((s) => s.section === section)?.checks.find((x) => x.check === name);
    assert.ok(c, `no ${name} check for ${section}`);
    return c;
}

async function keysUnder(server: RgwServer, bucket: string, prefix: string): Promise<string[]> {
    const s3 = adminS3(server);
    try {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
        return (out.Contents ?? []).map((o) => o.Key ?? "");
    } finally {
        s3.destroy();
    }
}

describe("post-deploy contract against radosgw", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let stagingPlan: PlanResult;
    let staging: DeployedEnvironment;
    let prod: DeployedEnvironment;
    let stagingOutputs: LoadedOutputs;
    let prodOutputs: LoadedOutputs;
    let workDir: string;

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
    });

    after(async () => {
        await server?.stop();
        if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it("uses the program's generated policies, not hand-written ones", () => {
        const policy = JSON.parse(staging.policyOf("staging-db-archive.db1")) as { Statement: { Action: string[] }[] };
        const actions = policy.Statement.flatMap((s) => s.Action);
        assert.ok(actions.includes("s3:PutObject") && !actions.includes("s3:GetObject"), "copy policy: write without read");
        assert.equal(stagingOutputs.sections.length, 9);
    });

    it("every section: allowed operations work, forbidden ones are refused, nothing over-privileged", async (t) => {
        const report = await runPostdeploy(stagingOutputs, { otherEnv: prodOutputs, authRetryMs: AUTH_RETRY_MS });
        t.diagnostic(`rclone used: ${report.rcloneVersion}; report in reports/postdeploy-contract.txt`);
        mkdirSync(join(REPO, "reports"), { recursive: true });
        writeFileSync(join(REPO, "reports", "postdeploy-contract.txt"), renderTable(report) + "\n");

        const bad = report.sections.flatMap((s) => s.checks.filter((c) => c.status !== "ok" && c.status !== "refused")
            .map((c) => `${s.section} ${c.check}: ${c.status} ${c.detail} ${c.diagnosis ?? ""} ${c.error ?? ""}`));
        assert.deepEqual(bad, [], renderTable(report));
        assert.equal(report.failed, false);
        assert.match(report.rcloneVersion, /^rclone v\d+\.\d+/);

        // "ok" exactly where the model says the attempt succeeds, "refused" everywhere else.
        for (const s of report.sections) {
            const perms = stagingOutputs.sections.find((x) => x.summary.section === s.section)!.permissions;
            for (const c of s.checks) {
                const attempt = ({ list: "list", write: "write", read: "read", delete: "delete" } as const)[c.check as "list"];
                if (!attempt) continue;
                const expected = expectedOutcome(perms, attempt).outcome === "succeeds" ? "ok" : "refused";
                assert.equal(c.status, expected, `${s.section} ${c.check}`);
            }
        }
        // What users were burned by: a copy key that could read or delete, a key reaching prod.
        assert.equal(check(report, "staging-db-archive.db1", "read").status, "refused");
        assert.match(check(report, "staging-db-archive.db1", "read").detail, /written by staging-db-archive\.db[23]/,
            "the read refusal is tested on an object another credential wrote (an uploader may read its own object on radosgw)");
        assert.equal(check(report, "staging-db-archive.db1", "delete").status, "refused");
        assert.equal(check(report, "staging-restore-check.mon1", "write").status, "refused");
        assert.equal(check(report, "staging-files-mirror.files1", "outside-write").status, "refused");
        for (const s of report.sections) assert.equal(check(report, s.section, "other-env-write").status, "refused");

        // Cleanup: the copy role's probes cannot be deleted by any staging section (by design);
        // everything else is gone, as the server itself confirms.
        assert.deepEqual(report.leftovers.map((l) => l.writtenBy).sort(),
            ["staging-db-archive.db1", "staging-db-archive.db2", "staging-db-archive.db3"]);
        const bucket = "acme-backup-staging-main";
        const present = [
            ...await keysUnder(server, bucket, `db/postdeploy-runs/${report.runId}/`),
            ...await keysUnder(server, bucket, `files/postdeploy-runs/${report.runId}/`),
            ...await keysUnder(server, bucket, `postdeploy-runs/${report.runId}/`),
        ].map((k) => `${bucket}/${k}`).sort();
        assert.deepEqual(present, report.leftovers.map((l) => l.path).sort());
        assert.deepEqual(await keysUnder(server, "acme-backup-prod-main", ""), [], "nothing was written into prod");
    });

    it("the command: --outputs/--other-env-outputs files, --json, --junit, exit 0, no secret printed", async () => {
        const outFile = join(workDir, "staging.json");
        const otherFile = join(workDir, "prod.json");
        const junit = join(workDir, "junit.xml");
        writeFileSync(outFile, JSON.stringify(staging.outputs), { mode: 0o600 });
        writeFileSync(otherFile, JSON.stringify(prod.outputs), { mode: 0o600 });
        const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
            execFile(process.execPath, ["--import", "tsx", join(REPO, "cli/postdeploy/main.ts"), "--stack", "staging",
                "--outputs", outFile, "--other-env-outputs", otherFile, "--json", "--junit", junit, "--auth-retry", "2"],
            { cwd: REPO, maxBuffer: 16 * 1024 * 1024 }, (err, out, errOut) => {
                resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: out, stderr: errOut });
            });
        });
        assert.equal(code, 0, stderr + stdout);
        const report = JSON.parse(stdout) as PostdeployReport;
        assert.equal(report.environment, "staging");
        assert.equal(report.sections.length, 9);
        const xml = readFileSync(junit, "utf8");
        assert.match(xml, /<testsuites name="postdeploy staging" tests="\d+" failures="0"/);
        for (const s of stagingOutputs.sections) {
            for (const secret of [s.options.secret_access_key!, s.options.access_key_id!]) {
                assert.ok(!stdout.includes(secret) && !stderr.includes(secret) && !xml.includes(secret), "a key was printed");
            }
        }
    });

    it("refuses to test one environment's outputs as another (--stack prod with staging's outputs)", async () => {
        const outFile = join(workDir, "staging-as-prod.json");
        writeFileSync(outFile, JSON.stringify(staging.outputs), { mode: 0o600 });
        chmodSync(outFile, 0o600);
        const res = await new Promise<{ code: number; stderr: string }>((resolve) => {
            execFile(process.execPath, ["--import", "tsx", join(REPO, "cli/postdeploy/main.ts"), "--stack", "prod", "--outputs", outFile],
                { cwd: REPO }, (err, _o, e) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stderr: e }));
        });
        assert.equal(res.code, 1, "outputs of another environment are invalid input (exit 1)");
        assert.match(res.stderr, /environment "staging", not of --stack prod/);
    });

    describe("injected faults", () => {
        const dbSections = (s: string) => s.startsWith("staging-db-archive.");

        it("a copy credential without s3:PutObject: list works, write fails, diagnosed as missing write permission", async () => {
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true, userSuffix: "-noput", only: dbSections,
                policy: (section, policy) => section === "staging-db-archive.db1" ? withoutAction(policy, "s3:PutObject") : policy,
            });
            const report = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), { authRetryMs: AUTH_RETRY_MS });
            assert.equal(report.failed, true);
            assert.equal(check(report, "staging-db-archive.db1", "list").status, "ok");
            const write = check(report, "staging-db-archive.db1", "write");
            assert.equal(write.status, "failed");
            assert.equal(write.errorKind, "access-denied");
            assert.match(write.diagnosis ?? "", /list works but write is refused: missing write permission \(s3:PutObject/);
            assert.equal(check(report, "staging-db-archive.db2", "write").status, "ok", "the fault stays with its credential");
        });

        it("a copy credential with an extra s3:DeleteObject is over-privileged", async () => {
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true, userSuffix: "-del", only: dbSections,
                policy: (section, policy) => section === "staging-db-archive.db1" ? withAction(policy, "s3:DeleteObject") : policy,
            });
            const report = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), { authRetryMs: AUTH_RETRY_MS });
            assert.equal(report.failed, true);
            const del = check(report, "staging-db-archive.db1", "delete");
            assert.equal(del.status, "over-privileged");
            assert.match(del.diagnosis ?? "", /copy credential can delete although its role forbids it/);
            assert.equal(check(report, "staging-db-archive.db2", "delete").status, "refused");
        });

        it("a wrong secret is diagnosed as a signature mismatch after bounded retries", async () => {
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true, userSuffix: "-badsecret", only: (s) => s === "staging-files-mirror.files1",
                section: (_s, o) => ({ ...o, secret_access_key: "wrong" + o.secret_access_key!.slice(5) }),
            });
            const report = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), { authRetryMs: AUTH_RETRY_MS });
            const list = check(report, "staging-files-mirror.files1", "list");
            assert.equal(list.status, "failed");
            assert.equal(list.errorKind, "signature");
            assert.match(list.diagnosis ?? "", /signature mismatch/);
            assert.match(list.detail, /after \d+ auth retr/, "authentication errors are retried (new keys propagate slowly)");
            assert.equal(check(report, "staging-files-mirror.files1", "write").status, "not-run");
        });

        it("a wrong endpoint port is diagnosed as connection refused, without hanging", async () => {
            const dead = await freePort();
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true, userSuffix: "-badport", only: (s) => s === "staging-restore-check.mon1",
                section: (_s, o) => ({ ...o, endpoint: `http://127.0.0.1:${dead}` }),
            });
            const report = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), { authRetryMs: AUTH_RETRY_MS, checkTimeoutMs: 30_000 });
            const list = check(report, "staging-restore-check.mon1", "list");
            assert.equal(list.status, "failed");
            // A hang would have been killed by the check timeout and classified as such.
            assert.equal(list.errorKind, "connection-refused");
            assert.match(list.diagnosis ?? "", /connection refused: the endpoint .* is wrong \(host or port\)/);
        });

        it("the server stopped mid-run: clear errors, and cleanup reports what it could not remove", async () => {
            const env = await deployToRgw(server, stagingPlan, {
                bucketsExist: true, userSuffix: "-stop", only: (s) => s.endsWith(".db1") || s.endsWith(".files1") || s.endsWith(".mon1"),
            });
            const report = await runPostdeploy(loadOutputs(env.outputs, "fault", "staging"), {
                authRetryMs: AUTH_RETRY_MS,
                beforePhase: async (phase) => { if (phase === "cross") await server.stopGateway(); },
            });
            assert.equal(report.failed, true);
            assert.equal(check(report, "staging-files-mirror.files1", "write").status, "ok", "phase A ran before the stop");
            const read = check(report, "staging-files-mirror.files1", "read");
            assert.equal(read.status, "failed");
            assert.equal(read.errorKind, "connection-refused");
            assert.ok(report.leftovers.length >= 2, "probes written before the stop are reported as left behind");
            for (const l of report.leftovers) assert.match(l.reason, /connection refused|no section may delete/);
            assert.match(renderTable(report), /left: acme-backup-staging-main\/files\//);
        });
    });
});

function withoutAction(policy: string, action: string): string {
    const doc = JSON.parse(policy) as { Statement: { Action: string[] }[] };
    for (const s of doc.Statement) s.Action = s.Action.filter((a) => a !== action);
    return JSON.stringify(doc);
}

function withAction(policy: string, action: string): string {
    const doc = JSON.parse(policy) as { Statement: { Sid: string; Action: string[] }[] };
    const objects = doc.Statement.find((s) => s.Sid === "ObjectsWithinPrefix");
    assert.ok(objects, "the generated policy has an object statement");
    objects.Action.push(action);
    return JSON.stringify(doc);
}
