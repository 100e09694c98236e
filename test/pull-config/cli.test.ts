/**
 * `pull-config` end to end: the real CLI in a child process, real files,
 * the real rclone reading (and using) what it wrote.
 */
import { strict as assert } from "node:assert";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { HostSection } from "../../components/rclone/host-file";
import { envMarker, iniMarker } from "../../components/rclone/marker";
import { type CliRun, mode, outputsJson, rclone, rcloneDump, read, runCli, s3Section, shellRun, tempDir, writeOutputs } from "./helpers";

/** A section rclone can use offline: a local-disk remote. */
function localSection(name: string): HostSection {
    return { name, options: { type: "local", copy_links: "true" }, usage: { role: "sync", path: "/srv/mirror/", flags: [] } };
}

const SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
const copy = s3Section("staging-db-copy", SECRET);
const files = localSection("staging-files");

function assertNoSecret(run: CliRun): void {
    assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), "a secret was printed");
}

/** Fingerprint of a file to prove it was not touched: bytes, mode, inode, mtime. */
function fingerprint(path: string): string {
    const s = statSync(path);
    return JSON.stringify([read(path), s.mode, s.ino, s.mtimeMs]);
}

test("default path from `rclone config file`; rclone then uses the merged remotes; a second run changes nothing", async (t) => {
    const dir = tempDir(t);
    const conf = join(dir, "rc", "rclone.conf");
    mkdirSync(join(dir, "rc"), { mode: 0o700 });
    const foreign = "# hand-written\n[nas]\ntype = sftp\nhost: nas.example\n";
    writeFileSync(conf, foreign, { mode: 0o600 });
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "backup.tar"), "x");
    const outputs = writeOutputs(dir, { "web-1": [copy, files], "web-2": [s3Section("staging-other")] });
    const env = { ...process.env, RCLONE_CONFIG: conf };

    const first = await runCli(["--stack", "staging", "--host", "web-1", "--outputs", outputs], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`rclone config: ${conf} \\(from \`rclone config file\`\\)`));
    assert.match(first.stdout, /added \[staging-db-copy\], \[staging-files\]; 1 other section\(s\) kept/);
    assertNoSecret(first);
    assert.ok(read(conf).startsWith(foreign), "the foreign part is kept byte for byte");
    assert.equal(mode(conf), 0o600);
    assert.equal(read(`${conf}.bak`), foreign);

    const dump = await rcloneDump(conf);
    assert.deepEqual(Object.keys(dump), ["nas", "staging-db-copy", "staging-files"], "only web-1's sections");
    assert.equal(dump["staging-db-copy"]?.secret_access_key, SECRET);
    assert.equal(await rclone(["lsf", `staging-files:${join(dir, "data")}`], { RCLONE_CONFIG: conf }), "backup.tar\n");

    const before = fingerprint(conf);
    const second = await runCli(["--stack", "staging", "--host", "web-1", "--outputs", outputs], { env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /nothing to change: .* is up to date \(unchanged \[staging-db-copy\], \[staging-files\]/);
    assert.equal(fingerprint(conf), before, "an up-to-date file is not rewritten");
});

test("without rclone on PATH the default is ~/.config/rclone/rclone.conf", async (t) => {
    const home = tempDir(t);
    const outputs = writeOutputs(home, { "web-1": [copy] });
    const run = await runCli(["--stack", "staging", "--host", "web-1", "--outputs", outputs], { env: { HOME: home, PATH: join(home, "empty-bin") } });
    assert.equal(run.code, 0, run.stderr);
    const conf = join(home, ".config", "rclone", "rclone.conf");
    assert.equal(
        read(conf),
        [
            iniMarker("staging"),
            "[staging-db-copy]",
            "# role: copy (may list, write; may not read, delete)",
            "# path: staging-db-copy:acme-backup-staging-main/db/",
            "# flags: --ignore-existing",
            "# job: rclone --config /etc/rclone/staging.conf copy --ignore-existing /path/to/source staging-db-copy:acme-backup-staging-main/db/",
            "#   /path/to/source is yours: the directory to back up; --config: where this file is installed",
            ...Object.entries(copy.options).map(([k, v]) => `${k} = ${v}`),
        ].join("\n") + "\n",
    );
    assert.equal(statSync(join(home, ".config", "rclone")).mode & 0o777, 0o700);
});

test("--check: exit 1 on a missing file, changed content or a loose mode; exit 0 in sync; never writes", async (t) => {
    const dir = tempDir(t);
    const conf = join(dir, "rclone.conf");
    const outputs = writeOutputs(dir, { "web-1": [copy] });
    const args = ["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--out", conf];

    const missing = await runCli([...args, "--check"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /drift: .*\(file does not exist\); pull-config would: added \[staging-db-copy\]/);
    assert.equal(existsSync(conf), false);

    assert.equal((await runCli(args)).code, 0);
    const inSync = await runCli([...args, "--check"]);
    assert.equal(inSync.code, 0);
    assert.match(inSync.stdout, /in sync: /);

    writeFileSync(conf, read(conf).replace(SECRET, "rotated-by-hand"));
    const before = fingerprint(conf);
    const changed = await runCli([...args, "--check"]);
    assert.equal(changed.code, 1);
    assert.match(changed.stdout, /content differs.*updated \[staging-db-copy\]/);
    assert.equal(fingerprint(conf), before);

    assert.equal((await runCli(args)).code, 0);
    chmodSync(conf, 0o644);
    const loose = await runCli([...args, "--check"]);
    assert.equal(loose.code, 1);
    assert.match(loose.stdout, /mode is 0644, should be 0600/);
    const fixed = await runCli(args);
    assert.equal(fixed.code, 0);
    assert.equal(mode(conf), 0o600);
});

test("--format env writes RCLONE_CONFIG_* lines rclone uses, owns the whole file, and is idempotent", async (t) => {
    const dir = tempDir(t);
    const envFile = join(dir, "staging.env");
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "f.txt"), "x");
    const outputs = writeOutputs(dir, { "web-1": [files, copy] });
    const args = ["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--format", "env", "--out", envFile];

    const run = await runCli(args);
    assert.equal(run.code, 0, run.stderr);
    assertNoSecret(run);
    const text = read(envFile);
    assert.equal(text.split("\n")[0], envMarker("staging"));
    assert.ok(text.includes(`RCLONE_CONFIG_STAGING_DB_COPY_SECRET_ACCESS_KEY=${SECRET}\n`));
    assert.equal(mode(envFile), 0o600);

    // What systemd's EnvironmentFile= does for these plain lines: KEY=VALUE into the environment.
    const vars = Object.fromEntries(
        text
            .split("\n")
            .filter((l) => /^[A-Z_]+=/.test(l))
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    // rclone 1.60 upper-cases the remote name to find its variables and maps no "-" to "_": the env remote is
    // `staging_files:`, and the run says so.
    assert.equal(await rclone(["lsf", `staging_files:${join(dir, "data")}`], { ...vars, RCLONE_CONFIG: join(dir, "none.conf") }), "f.txt\n");
    assert.match(run.stdout, /rclone finds them as staging_files: staging_db_copy:/);
    assert.equal(text.split("\n")[1], "# rclone remotes: staging_files: staging_db_copy:");

    const again = await runCli(args);
    assert.match(again.stdout, /nothing to change/);

    const prod = await runCli([
        "--stack",
        "prod",
        "--host",
        "web-1",
        "--outputs",
        writeOutputs(dir, { "web-1": [localSection("prod-files")] }, "prod.json"),
        "--format",
        "env",
        "--out",
        envFile,
    ]);
    assert.equal(prod.code, 1);
    assert.match(prod.stderr, /belongs to stack staging, not prod; give each stack its own file/);

    const foreign = join(dir, "app.env");
    writeFileSync(foreign, "DATABASE_URL=postgres://x\n", { mode: 0o600 });
    const refused = await runCli([...args.slice(0, -1), foreign]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /was not written by pull-config .* refusing to overwrite it/);
    assert.equal(read(foreign), "DATABASE_URL=postgres://x\n");
});

test("rclone rewriting the file (config update of a foreign remote) keeps the markers; pull-config still recognises its sections", async (t) => {
    const dir = tempDir(t);
    const conf = join(dir, "rclone.conf");
    writeFileSync(conf, "[nas]\ntype = sftp\n", { mode: 0o600 });
    const outputs = writeOutputs(dir, { "web-1": [copy] });
    const args = ["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--out", conf];
    assert.equal((await runCli(args)).code, 0);
    await rclone(["config", "update", "nas", "host", "nas.example", "--config", conf]);
    const run = await runCli([...args, "--check"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /in sync.*unchanged \[staging-db-copy\]/);
});

test("the stack's outputs can come from `pulumi stack output --json --show-secrets` (a stand-in pulumi on PATH)", async (t) => {
    // The Pulumi CLI cannot run here (no backend); this stand-in only records its arguments and prints outputs.
    const dir = tempDir(t);
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(dir, "outputs.json"), outputsJson({ "web-1": [copy] }), { mode: 0o600 });
    writeFileSync(join(bin, "pulumi"), `#!/bin/sh\necho "$@" > ${join(dir, "args")}\ncat ${join(dir, "outputs.json")}\n`, { mode: 0o755 });
    const conf = join(dir, "rclone.conf");
    const run = await runCli(["--stack", "acme/backup-remotes/staging", "--host", "web-1", "--out", conf], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(read(join(dir, "args")), "stack output --json --show-secrets --stack acme/backup-remotes/staging\n");
    assert.ok(read(conf).startsWith(iniMarker("staging")), "the marker names the environment, not the org path");
});

test("without the Pulumi CLI and without --outputs: a clear error naming both ways out", async (t) => {
    const dir = tempDir(t);
    const run = await runCli(["--stack", "staging", "--host", "web-1", "--out", join(dir, "rclone.conf")], {
        env: { HOME: dir, PATH: join(dir, "empty-bin") },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /the Pulumi CLI \("pulumi"\) is not installed or not on PATH.*--outputs <file>/);
    assert.equal(existsSync(join(dir, "rclone.conf")), false);
});

test("a crash mid-write (file size limit hit while writing the temp file) leaves the old file intact", async (t) => {
    const dir = tempDir(t);
    const conf = join(dir, "rclone.conf");
    const old = "[nas]\ntype = sftp\n";
    writeFileSync(conf, old, { mode: 0o600 });
    // More than the 1 KiB limit below, so the write fails part-way through.
    const many = Array.from({ length: 12 }, (_, i) => s3Section(`staging-cred${i}`));
    const outputs = writeOutputs(dir, { "web-1": many });
    const before = fingerprint(conf);
    const crashed = await shellRun(
        `ulimit -f 1; exec "${process.execPath}" --import tsx cli/pull-config/main.ts --stack staging --host web-1 --outputs ${outputs} --out ${conf}`,
    );
    assert.equal(crashed.code, 1, crashed.stderr);
    assert.match(crashed.stderr, /writing .*rclone\.conf failed \(EFBIG\); the existing file was left as it was/);
    assert.equal(fingerprint(conf), before);
    assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith(".tmp")),
        [],
        "the partial temp file is removed",
    );
});
