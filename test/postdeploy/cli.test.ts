/**
 * `npm run postdeploy` as a user runs it: the shared exit codes (0 ok, 1
 * findings or invalid input, 2 usage), `--help` stating them, and no stack
 * trace for any of the user's mistakes. The checks themselves against a real
 * server are the contract suite's (test/contract/postdeploy.test.ts).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { PostdeployReport } from "../../cli/postdeploy/types";
import { renderIni } from "../../components/rclone/render";
import { section } from "./fixtures/sections";
import { runCli } from "../support/contract/postdeploy";

/** Outputs of one staging verify section whose endpoint refuses connections (nothing listens on port 1). */
function outputsFile(dir: string, name = "staging.json"): string {
    const s = section("aws", "verify", "", { environment: "staging" });
    const options = { ...s.options, provider: "Other", endpoint: "http://127.0.0.1:1", region: "us-east-1" };
    const file = join(dir, name);
    writeFileSync(
        file,
        JSON.stringify({
            rcloneConfig: renderIni([{ name: s.summary.section, options }]),
            remotes: [s.summary],
            permissions: [s.permissions],
        }),
        { mode: 0o600 },
    );
    return file;
}

const noStackTrace = (stderr: string): void => assert.doesNotMatch(stderr, /\n\s+at /, "a stack trace was printed");

describe("npm run postdeploy: exit codes", () => {
    const dir = mkdtempSync(join(tmpdir(), "postdeploy-cli-"));
    const outputs = outputsFile(dir);

    it("--help exits 0 and states the exit codes", async () => {
        const r = await runCli(["--help"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Exit codes.*\n\s+0 {2}ok\n\s+1 {2}findings or invalid input: a check failed(.*\n)*\s+2 {2}usage: /);
    });

    it("exits 2 for an unknown flag, a missing --stack and a bad --concurrency, naming each", async () => {
        const typo = await runCli(["--stack", "staging", "--outputs", outputs, "--jsn"]);
        assert.equal(typo.code, 2);
        assert.match(typo.stderr, /^postdeploy: error: unknown option '--jsn'/);
        const missing = await runCli(["--outputs", outputs]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /required option '--stack <env>' not specified/);
        const bad = await runCli(["--stack", "staging", "--outputs", outputs, "--concurrency", "0"]);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /--concurrency must be a whole number ≥ 1, got "0"/);
        for (const r of [typo, missing, bad]) noStackTrace(r.stderr);
    });

    it("exits 1 for outputs it cannot use: a missing file, not JSON, another environment's", async () => {
        const missing = await runCli(["--stack", "staging", "--outputs", join(dir, "none.json")]);
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /cannot read outputs file .*none\.json: no such file or directory/);
        const broken = join(dir, "broken.json");
        writeFileSync(broken, "{not json", { mode: 0o600 });
        const notJson = await runCli(["--stack", "staging", "--outputs", broken]);
        assert.equal(notJson.code, 1);
        assert.match(notJson.stderr, /broken\.json is not JSON/);
        const other = await runCli(["--stack", "prod", "--outputs", outputs]);
        assert.equal(other.code, 1);
        assert.match(other.stderr, /the outputs are of environment "staging", not of --stack prod/);
        for (const r of [missing, notJson, other]) noStackTrace(r.stderr);
    });

    it("exits 1 when a check fails (the endpoint refuses connections), with the report", async () => {
        const r = await runCli(["--stack", "staging", "--outputs", outputs, "--json", "--check-timeout", "20", "--auth-retry", "1"]);
        assert.equal(r.code, 1, r.stderr);
        const report = JSON.parse(r.stdout) as PostdeployReport;
        assert.equal(report.failed, true);
        noStackTrace(r.stderr);
    });

    it("exits 1 when --junit cannot be written, naming the flag", async () => {
        const r = await runCli([
            "--stack",
            "staging",
            "--outputs",
            outputs,
            "--junit",
            join(dir, "no-dir", "r.xml"),
            "--check-timeout",
            "20",
            "--auth-retry",
            "1",
        ]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /--junit .*no-dir\/r\.xml: cannot write the report: no such file or directory/);
        noStackTrace(r.stderr);
        rmSync(dir, { recursive: true, force: true });
    });
});
