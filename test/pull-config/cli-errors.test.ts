/**
 * Every error of `pull-config` is clear (names the argument, file, line or
 * output and what would be valid), exits by the shared convention (1 input
 * it cannot use, 2 usage), prints no secret and no stack trace, and leaves
 * the existing file exactly as it was.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { outputsJson, read, runCli, s3Section, tempDir, writeOutputs } from "./helpers";

const SECRET = "secret-value-that-must-never-be-printed";
const EXISTING = "# mine\n[nas]\ntype = sftp\n";

interface Setup {
    readonly dir: string;
    readonly conf: string;
    readonly outputs: string;
    readonly untouched: () => void;
}

function setup(t: { after: (fn: () => void) => void }, existing = EXISTING): Setup {
    const dir = tempDir(t);
    const conf = join(dir, "rclone.conf");
    writeFileSync(conf, existing, { mode: 0o600 });
    const outputs = writeOutputs(dir, { "web-1": [s3Section("staging-db-copy", SECRET)], "web-2": [] });
    const s = statSync(conf);
    const before = JSON.stringify([existing, s.mode, s.ino, s.mtimeMs]);
    return {
        dir,
        conf,
        outputs,
        untouched: () => {
            const now = statSync(conf);
            assert.equal(JSON.stringify([read(conf), now.mode, now.ino, now.mtimeMs]), before, "the existing file was changed");
            assert.deepEqual(
                readdirSync(dir).filter((f) => f.endsWith(".tmp") || f.endsWith(".bak")),
                [],
            );
        },
    };
}

async function exits(code: 1 | 2, args: readonly string[], pattern: RegExp, options: Parameters<typeof runCli>[1] = {}): Promise<string> {
    const run = await runCli(args, options);
    assert.equal(run.code, code, `expected exit ${code}, got ${run.code}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, pattern);
    assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), "a secret was printed");
    assert.doesNotMatch(run.stderr, /\n\s+at /, "a stack trace was printed");
    return run.stderr;
}

/** Input it cannot use (outputs, the existing file): exit 1. */
const fails = (args: readonly string[], pattern: RegExp, options: Parameters<typeof runCli>[1] = {}) => exits(1, args, pattern, options);
/** The command line is wrong: exit 2. */
const usage = (args: readonly string[], pattern: RegExp) => exits(2, args, pattern);

test("unknown host: a usage error naming it and the stack's hosts", async (t) => {
    const s = setup(t);
    await usage(
        ["--stack", "staging", "--host", "web-9", "--outputs", s.outputs, "--out", s.conf],
        /host "web-9" is not in the hosts output of outputs file .*outputs\.json \(hosts: web-1, web-2\)/,
    );
    s.untouched();
});

test("a stack without the hosts output: names the output and those present", async (t) => {
    const s = setup(t);
    const outputs = join(s.dir, "old.json");
    writeFileSync(outputs, JSON.stringify({ rcloneConfig: SECRET, remotes: [] }), { mode: 0o600 });
    await fails(["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--out", s.conf], /has no output "hosts" \(outputs: rcloneConfig, remotes\)/);
    s.untouched();
});

test("outputs read without --show-secrets: says how to get them", async (t) => {
    const s = setup(t);
    const outputs = join(s.dir, "hidden.json");
    writeFileSync(outputs, JSON.stringify({ hosts: "[secret]" }), { mode: 0o600 });
    await fails(["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--out", s.conf], /hidden as "\[secret\]".*--show-secrets/);
    s.untouched();
});

test("outputs that are not JSON, or the wrong shape: no secret quoted back", async (t) => {
    const s = setup(t);
    const broken = join(s.dir, "broken.json");
    writeFileSync(broken, `{"hosts": {"web-1": ${SECRET}}}`, { mode: 0o600 });
    await fails(
        ["--stack", "staging", "--host", "web-1", "--outputs", broken, "--out", s.conf],
        /broken\.json is not JSON; expected what `pulumi stack output --json --show-secrets` prints/,
    );
    const shape = join(s.dir, "shape.json");
    writeFileSync(shape, JSON.stringify({ hosts: { "web-1": { sections: [{ name: "x", options: { secret: 42 } }] } } }), { mode: 0o600 });
    await fails(
        ["--stack", "staging", "--host", "web-1", "--outputs", shape, "--out", s.conf],
        /output "hosts" of .* has an unexpected shape: hosts\.web-1\.sections\.0\.options\.secret: /,
    );
    s.untouched();
});

test("outputs of another stack (section names of prod) under --stack staging are refused", async (t) => {
    const s = setup(t);
    const prod = join(s.dir, "prod.json");
    writeFileSync(prod, outputsJson({ "web-1": [s3Section("prod-db-copy", SECRET)] }), { mode: 0o600 });
    await fails(
        ["--stack", "staging", "--host", "web-1", "--outputs", prod, "--out", s.conf],
        /gives sections \[prod-db-copy\], which are not named "staging-…": these outputs are not from stack staging/,
    );
    s.untouched();
});

test("a malformed existing file: names file and line, quotes nothing", async (t) => {
    const s = setup(t, "[nas]\ntype = sftp\npass AKIA-LOOKS-LIKE-A-KEY\n");
    const stderr = await fails(
        ["--stack", "staging", "--host", "web-1", "--outputs", s.outputs, "--out", s.conf],
        new RegExp(`${s.conf.replace(/[.]/g, "\\.")}:3: not a \\[section\\] header`),
    );
    assert.ok(!stderr.includes("AKIA-LOOKS-LIKE-A-KEY"));
    s.untouched();
});

test("an unreadable existing file: says so and leaves it", async (t) => {
    const s = setup(t);
    // Root reads everything, so when the tests run as root the CLI runs as nobody (the file stays root's 0600).
    const asRoot = process.getuid?.() === 0;
    const ids = asRoot ? { uid: Number(execFileSync("id", ["-u", "nobody"]).toString()), gid: Number(execFileSync("id", ["-g", "nobody"]).toString()) } : {};
    if (asRoot) chmodSync(s.dir, 0o755);
    else chmodSync(s.conf, 0o000);
    await fails(
        ["--stack", "staging", "--host", "web-1", "--outputs", "-", "--out", s.conf],
        /cannot read the existing .*rclone\.conf: permission denied .*left untouched/,
        { ...ids, input: read(s.outputs), env: { ...process.env, HOME: s.dir } },
    );
    if (!asRoot) chmodSync(s.conf, 0o600);
    s.untouched();
});

test("an existing section with a managed name but no marker: refused naming --adopt; --adopt takes it over", async (t) => {
    const s = setup(t, "[staging-db-copy]\ntype = s3\nsecret_access_key = pasted\n");
    const args = ["--stack", "staging", "--host", "web-1", "--outputs", s.outputs, "--out", s.conf];
    await fails(args, /\[staging-db-copy\] exists but is not marked as managed by backup-remotes.*--adopt/);
    s.untouched();
    const adopted = await runCli([...args, "--adopt"]);
    assert.equal(adopted.code, 0, adopted.stderr);
    assert.match(adopted.stdout, /adopted \[staging-db-copy\]/);
    assert.equal(read(`${s.conf}.bak`), "[staging-db-copy]\ntype = s3\nsecret_access_key = pasted\n");
});

test("a symlink or a world-writable directory is refused and named", async (t) => {
    const s = setup(t);
    const link = join(s.dir, "link.conf");
    symlinkSync(s.conf, link);
    await fails(["--stack", "staging", "--host", "web-1", "--outputs", s.outputs, "--out", link], /refusing to write through the symlink .*link\.conf/);
    const open = join(s.dir, "open");
    mkdirSync(open);
    chmodSync(open, 0o777);
    await fails(
        ["--stack", "staging", "--host", "web-1", "--outputs", s.outputs, "--out", join(open, "rclone.conf")],
        /refusing to write secrets into .*open: the directory is world-writable/,
    );
    assert.deepEqual(readdirSync(open), []);
    s.untouched();
});

test("bad arguments exit 2 naming the argument and what is valid", async (t) => {
    const s = setup(t);
    await usage(
        ["--stack", "staging", "--host", "web-1", "--outputs", s.outputs, "--format", "yaml"],
        /option '--format <format>' argument 'yaml' is invalid\. Allowed choices are ini, env/,
    );
    await usage(["--stack", "staging", "--host", "web-1", "--outputs", s.outputs, "--format", "env"], /--format env needs --out <path>/);
    await usage(["--host", "web-1", "--outputs", s.outputs], /required option '--stack <stack>' not specified/);
    await usage(["--stack", "stag ing", "--host", "web-1", "--outputs", s.outputs, "--out", s.conf], /--stack "stag ing" is not a stack name/);
    await usage(["--stack", "staging", "--host", "web-1", "--outputs", s.outputs, "--out", s.conf, "--chek"], /unknown option '--chek'/);
    s.untouched();
});

test("--help exits 0 and states the exit codes", async () => {
    const run = await runCli(["--help"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
        run.stdout,
        /Exit codes.*\n\s+0 {2}ok\n\s+1 {2}findings or invalid input: --check found the file drifted.*\n(.*\n)*\s+2 {2}usage: unknown or missing flag, bad flag value/,
    );
});

test("a host section the remotes output does not describe (role, path, flags): exit 1, names it, nothing written", async (t) => {
    const s = setup(t);
    const outputs = join(s.dir, "partial.json");
    writeFileSync(outputs, outputsJson({ "web-1": [s3Section("staging-db-copy", SECRET)] }, { remotes: [] }), { mode: 0o600 });
    await fails(
        ["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--out", s.conf],
        /the remotes output of outputs file .*partial\.json has no entry for host web-1's \[staging-db-copy\] \(its role, path and flags/,
    );
    s.untouched();
});
