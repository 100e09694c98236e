/**
 * The host's side of the split: `pull-config --self-test` run as a user runs
 * it, with db1's own sections (keys bound to 127.0.0.1/32, role sessions
 * holding the generated policies) and rclone bound through `--bind`. From
 * 127.0.0.1 every check has its role's outcome (copy: list and write work,
 * read and delete refused; sync: all four work; verify: list and read work,
 * write refused) and it exits 0; from 127.0.0.2 the allowed operations are
 * refused and it exits 1; a copy key widened by s3:GetObject is named
 * over-privileged.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runPlan } from "../../cli/plan/run";
import { PROBE_NAME } from "../../cli/pull-config/self-test";
import { REPO, runCli } from "../pull-config/helpers";
import { ALLOWED, boundStackConfig, ELSEWHERE } from "../support/contract/bound";
import { type DeployedEnvironment, deployToRgw } from "../support/contract/deploy";
import { widen } from "../support/contract/postdeploy";
import { keysUnder, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";

const BUCKET = "acme-backup-staging-main";

/** `section check outcome verdict` per line of the self-test's report. */
function verdicts(stdout: string): string[] {
    return stdout.split("\n").flatMap((l) => {
        const m = /^(staging-[\w-]+) (\w+): expected \w+, (\w+) — ([\w-]+):/.exec(l);
        return m ? [`${m[1]} ${m[2]} ${m[3]} ${m[4]}`] : [];
    });
}

describe("pull-config --self-test from the host (radosgw)", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let dir: string;
    let outputs: string;
    let deployed: DeployedEnvironment;

    before(async () => {
        server = await startRgw();
        dir = mkdtempSync(join(tmpdir(), "self-test-"));
        deployed = await deployToRgw(server, await runPlan("staging", { config: boundStackConfig() }));
        outputs = join(dir, "outputs.json");
        writeFileSync(outputs, JSON.stringify(deployed.outputs), { mode: 0o600 });
    });
    after(async () => {
        await server?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const selfTest = (file: string, bind: string) => runCli(["--stack", "staging", "--host", "db1", "--outputs", file, "--self-test", "--bind", bind]);

    it("from 127.0.0.1 (the host's address) each role's allowed operations work and the rest are refused: exit 0", async () => {
        const res = await selfTest(outputs, ALLOWED);
        assert.equal(res.code, 0, res.stdout + res.stderr);
        assert.deepEqual(verdicts(res.stdout), [
            "staging-db-archive list worked ok",
            "staging-db-archive write worked ok",
            "staging-db-archive read refused ok",
            "staging-db-archive delete refused ok",
            "staging-files-mirror list worked ok",
            "staging-files-mirror write worked ok",
            "staging-files-mirror read worked ok",
            "staging-files-mirror delete worked ok",
            "staging-db-check list worked ok",
            "staging-db-check write refused ok",
            "staging-db-check read worked ok",
        ]);
        assert.match(res.stdout, /self-test: all 11 checks passed/);
        // The copy key's probe stays (it cannot delete it); the sync key removed its own.
        assert.deepEqual(await keysUnder(server, BUCKET, "db/"), [`db/${PROBE_NAME}`]);
        assert.deepEqual(await keysUnder(server, BUCKET, "files/"), []);
        assert.doesNotMatch(res.stdout + res.stderr, new RegExp(deployed.outputs.hosts.db1!.sections[0]!.options.secret_access_key!));
    });

    it("from 127.0.0.2 (elsewhere) the bound keys' allowed operations are refused: exit 1", async () => {
        const res = await selfTest(outputs, ELSEWHERE);
        assert.equal(res.code, 1, res.stdout + res.stderr);
        const rows = verdicts(res.stdout);
        for (const section of ["staging-db-archive", "staging-files-mirror", "staging-db-check"]) {
            assert.ok(rows.includes(`${section} list refused FAILED`), rows.join("\n"));
        }
        assert.match(res.stdout, /self-test: FAILED/);
    });

    it("the bundle (scripts/build-pull-config.mjs) runs the same self-test with only node and rclone on PATH", async () => {
        const bundle = join(dir, "pull-config.cjs");
        execFileSync(process.execPath, [join(REPO, "scripts", "build-pull-config.mjs"), bundle], { cwd: REPO });
        const res = await new Promise<{ code: number; stdout: string }>((resolve) =>
            execFile(
                process.execPath,
                [bundle, "--stack", "staging", "--host", "db1", "--outputs", outputs, "--self-test", "--bind", ALLOWED],
                { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir } },
                (err, stdout) => resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout }),
            ),
        );
        assert.equal(res.code, 0, res.stdout);
        assert.match(res.stdout, /self-test: all 11 checks passed/);
    });

    it("names a copy key that may read over-privileged: exit 1", async () => {
        const widened = await deployToRgw(server, await runPlan("staging", { config: boundStackConfig() }), {
            policy: (section, policy) => (section === "staging-db-archive.db1" ? widen.objectAction("s3:GetObject")(policy) : policy),
            userSuffix: "-widened",
            bucketsExist: true,
            only: (s) => s.endsWith(".db1"),
        });
        const file = join(dir, "widened.json");
        writeFileSync(file, JSON.stringify(widened.outputs), { mode: 0o600 });
        const res = await selfTest(file, ALLOWED);
        assert.equal(res.code, 1, res.stdout + res.stderr);
        assert.ok(verdicts(res.stdout).includes("staging-db-archive read worked OVER-PRIVILEGED"), res.stdout);
    });
});
