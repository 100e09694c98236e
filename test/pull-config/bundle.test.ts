/**
 * The published pull-config: one file, built by `npm run build:pull-config`,
 * run by plain node from a directory with no node_modules anywhere above it,
 * as on a backup host that has Node and nothing of this repository.
 */
import { strict as assert } from "node:assert";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { renderHostFile } from "../../components/rclone/host-file";
import { ageKeygen } from "../support/age";
import { type CliRun, REPO, rcloneDump, read, runCli, s3Section, tempDir } from "./helpers";

function runBundle(bundle: string, args: readonly string[]): Promise<CliRun> {
    return new Promise((resolve) => {
        // Only PATH (for rclone): no NODE_PATH, no NODE_OPTIONS, no loader; cwd is the bundle's own directory.
        execFile(
            process.execPath,
            [bundle, ...args],
            { cwd: dirname(bundle), env: { PATH: process.env.PATH ?? "", HOME: dirname(bundle) } },
            (err, stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }),
        );
    });
}

test("the bundle is one file that needs only node: no require of anything but node's built-ins", (t) => {
    const dir = tempDir(t);
    const bundle = join(dir, "pull-config.cjs");
    execFileSync(process.execPath, [join(REPO, "scripts", "build-pull-config.mjs"), bundle], { cwd: REPO });
    const code = readFileSync(bundle, "utf8");
    const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
    assert.ok(required.length > 0);
    assert.deepEqual(
        required.filter((m) => !isBuiltin(m)),
        [],
        "the bundle requires a package",
    );
    for (let d = dir; d !== dirname(d); d = dirname(d)) assert.equal(existsSync(join(d, "node_modules")), false, `${d}/node_modules exists`);
    assert.match(code, /^#!\/usr\/bin\/env node\n/);
    assert.match(code, /Third-party software bundled in this file:[\s\S]*age-encryption@\d+\.\d+\.\d+ \(BSD-3-Clause\)/);
});

test("from an empty directory the bundle opens a sealed file (sealed by Debian's age) and merges it; rclone reads the result", async (t) => {
    const dir = tempDir(t);
    const bundle = join(dir, "pull-config.cjs");
    execFileSync(process.execPath, [join(REPO, "scripts", "build-pull-config.mjs"), bundle], { cwd: REPO });
    const key = ageKeygen(dir, "db1");
    const sections = [s3Section("staging-db-archive", "the-secret")];
    const sealed = join(dir, "db1.age");
    execFileSync("age", ["-a", "-r", key.recipient, "-o", sealed], { input: renderHostFile("staging", sections) });
    const conf = join(dir, "rclone.conf");
    writeFileSync(conf, "[nas]\ntype = sftp\n", { mode: 0o600 });

    const help = await runBundle(bundle, ["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /--sealed <file>[\s\S]*Exit codes \(the same for every backup-remotes command\):/);
    const run = await runBundle(bundle, ["--stack", "staging", "--sealed", sealed, "--identity", key.identityFile, "--out", conf]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!run.stdout.includes("the-secret") && !run.stderr.includes("the-secret"));
    assert.equal(read(conf), `[nas]\ntype = sftp\n\n${renderHostFile("staging", sections)}`);
    assert.deepEqual(Object.keys(await rcloneDump(conf)).sort(), ["nas", "staging-db-archive"]);
    const check = await runBundle(bundle, ["--stack", "staging", "--sealed", sealed, "--identity", key.identityFile, "--out", conf, "--check"]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const usage = await runBundle(bundle, ["--stack", "staging", "--sealed", sealed]);
    assert.equal(usage.code, 2);
});

test("the bundle's --version names package.json's version and the commit it was built from; its hints name the bundle", async (t) => {
    const dir = tempDir(t);
    const bundle = join(dir, "pull-config.cjs");
    const env = { ...process.env, BACKUP_REMOTES_COMMIT: "" };
    execFileSync(process.execPath, [join(REPO, "scripts", "build-pull-config.mjs"), bundle], { cwd: REPO, env });
    const { version } = JSON.parse(read(join(REPO, "package.json"))) as { version: string };
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
    const stamped = await runBundle(bundle, ["--version"]);
    assert.equal(stamped.code, 0, stamped.stderr);
    assert.match(stamped.stdout, new RegExp(`^backup-remotes pull-config ${version.replaceAll(".", "\\.")} \\(commit ${head}(-dirty)?\\)\\n$`));

    const wrong = await runBundle(bundle, ["--stack", "prod", "--bogus"]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /\(node pull-config\.cjs --help for usage\)/);
    const help = await runBundle(bundle, ["--help"]);
    assert.match(help.stdout, /^Usage: node pull-config\.cjs \[options\]/);
    assert.match(help.stdout, /\n {2}node pull-config\.cjs --stack prod --sealed db1\.age --identity \/etc\/backup-remotes\/age\.key\n/);
    assert.doesNotMatch(help.stdout + wrong.stderr, /npm run/);

    // Built outside a git checkout: said so; from a source archive whose commit is known: that commit.
    execFileSync(process.execPath, [join(REPO, "scripts", "build-pull-config.mjs"), bundle], { cwd: REPO, env: { ...env, GIT_DIR: join(dir, "no-git") } });
    assert.match((await runBundle(bundle, ["--version"])).stdout, /\(commit unknown \(not built from a git checkout\)\)\n$/);
    execFileSync(process.execPath, [join(REPO, "scripts", "build-pull-config.mjs"), bundle], { cwd: REPO, env: { ...env, BACKUP_REMOTES_COMMIT: "0123abc" } });
    assert.match((await runBundle(bundle, ["--version"])).stdout, /\(commit 0123abc\)\n$/);
});

test("from the sources, --version says no commit is stamped", async () => {
    const run = await runCli(["--version"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^backup-remotes pull-config \d+\.\d+\.\d+ \(run from the sources: no commit stamped\)\n$/);
});
