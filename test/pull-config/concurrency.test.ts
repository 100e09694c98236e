/**
 * Concurrent pull-config runs on one file lose nothing: writers take turns
 * under an advisory lock, a run that cannot get it in time fails clearly
 * without writing, and a lock left by a crashed run does not block forever.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { lock } from "proper-lockfile";
import { rcloneDump, read, runCli, s3Section, tempDir, writeOutputs } from "./helpers";

const STACKS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
const FOREIGN = "[nas]\ntype = sftp\n";

test(`${STACKS.length} concurrent runs of different stacks on one file: every run exits 0, every section is there`, async (t) => {
    const dir = tempDir(t);
    const outputs = Object.fromEntries(STACKS.map((s) => [s, writeOutputs(dir, { "web-1": [s3Section(`${s}-db`)] }, `${s}.json`)]));
    for (const round of [1, 2]) {
        const conf = join(dir, `round${round}.conf`);
        writeFileSync(conf, FOREIGN, { mode: 0o600 });
        const runs = await Promise.all(STACKS.map((s) => runCli(["--stack", s, "--host", "web-1", "--outputs", outputs[s]!, "--out", conf])));
        runs.forEach((r, i) => assert.equal(r.code, 0, `round ${round}, stack ${STACKS[i]}: ${r.stderr}`));
        assert.deepEqual(Object.keys(await rcloneDump(conf)).sort(), ["nas", ...STACKS.map((s) => `${s}-db`)].sort(), `round ${round}`);
        assert.ok(read(conf).startsWith(FOREIGN));
    }
    assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith(".lock") || f.endsWith(".tmp")),
        [],
        "no lock or temp file left",
    );
});

test("a run that cannot get the lock within --lock-timeout fails with exit 1, naming the lock, and writes nothing", async (t) => {
    const dir = tempDir(t);
    const conf = join(dir, "rclone.conf");
    writeFileSync(conf, FOREIGN, { mode: 0o600 });
    const outputs = writeOutputs(dir, { "web-1": [s3Section("staging-db")] });
    // Another writer holds the lock for the whole run.
    const release = await lock(conf, { realpath: false, lockfilePath: `${conf}.lock` });
    try {
        const run = await runCli(["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--out", conf, "--lock-timeout", "1"]);
        assert.equal(run.code, 1, run.stdout + run.stderr);
        assert.match(
            run.stderr,
            /rclone\.conf is being written by another pull-config run \(lock .*rclone\.conf\.lock\), still after 1 s; nothing was written/,
        );
        assert.equal(read(conf), FOREIGN);
    } finally {
        await release();
    }
    const after = await runCli(["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--out", conf]);
    assert.equal(after.code, 0, after.stderr);
});

test("a lock left behind by a crashed run is taken over once stale", async (t) => {
    const dir = tempDir(t);
    const conf = join(dir, "rclone.conf");
    writeFileSync(conf, FOREIGN, { mode: 0o600 });
    mkdirSync(`${conf}.lock`);
    const longAgo = new Date(Date.now() - 10 * 60 * 1000);
    utimesSync(`${conf}.lock`, longAgo, longAgo);
    const outputs = writeOutputs(dir, { "web-1": [s3Section("staging-db")] });
    const run = await runCli(["--stack", "staging", "--host", "web-1", "--outputs", outputs, "--out", conf, "--lock-timeout", "5"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(read(conf), /^\[staging-db\]$/m);
    assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith(".lock")),
        [],
    );
});
