/**
 * `pull-config --sealed <file> --identity <key>`: a host's sealed file from
 * the offline plan, opened with the host's key made by `age-keygen`, merged
 * exactly as the whole-outputs path merges; damaged, foreign or misdirected
 * files are refused with exit 1 and nothing written.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { runPlan } from "../../cli/plan/run";
import type { HostsOutput } from "../../components/outputs";
import { renderHostFile } from "../../components/rclone/host-file";
import { iniMarker } from "../../components/rclone/marker";
import { renderIni } from "../../components/rclone/render";
import type { AgeKey } from "../support/age";
import { hostKeys, hostSectionsOf, sealedStaging, writeSealed } from "../sealing/helpers";
import { mode, rcloneDump, read, runCli, s3Section, tempDir } from "./helpers";

const FOREIGN = "# my own remotes\n[nas]\ntype = sftp\nhost = nas.example\n";

let dir: string;
let keys: Record<string, AgeKey>;
let sealed: Record<string, string>;
let hosts: HostsOutput;
let remotes: unknown;
let files1: string;

before(async () => {
    dir = tempDir({ after: (fn) => process.on("exit", fn) });
    keys = hostKeys(dir);
    const plan = await runPlan("staging", { config: sealedStaging(keys) });
    sealed = plan.outputs.sealedHosts!.value as Record<string, string>;
    hosts = plan.outputs.hosts.value as HostsOutput;
    remotes = plan.outputs.remotes.value;
    files1 = renderHostFile("staging", hostSectionsOf(plan, "files1"));
});

/** A fresh directory holding an rclone.conf with FOREIGN in it; `untouched()` proves nothing was written. */
function existingConf(t: { after: (fn: () => void) => void }) {
    const d = tempDir(t);
    const conf = join(d, "rclone.conf");
    writeFileSync(conf, FOREIGN, { mode: 0o600 });
    const s = statSync(conf);
    const before = JSON.stringify([FOREIGN, s.mode, s.ino, s.mtimeMs]);
    return {
        dir: d,
        conf,
        untouched: () => {
            const now = statSync(conf);
            assert.equal(JSON.stringify([read(conf), now.mode, now.ino, now.mtimeMs]), before, "the existing file was changed");
            assert.deepEqual(
                readdirSync(d).filter((f) => /\.(tmp|bak|lock)$/.test(f)),
                [],
                "a temp, backup or lock file was left",
            );
        },
    };
}

const sealedArgs = (file: string, key: AgeKey, conf: string, stack = "staging") => [
    "--stack",
    stack,
    "--sealed",
    file,
    "--identity",
    key.identityFile,
    "--out",
    conf,
];

test("a sealed file merges into an existing rclone.conf exactly as the whole-outputs path does; rclone reads it", async (t) => {
    const c = existingConf(t);
    const viaOutputs = join(c.dir, "via-outputs.conf");
    copyFileSync(c.conf, viaOutputs);
    const outputs = join(c.dir, "outputs.json");
    writeFileSync(outputs, JSON.stringify({ hosts, remotes }), { mode: 0o600 });
    assert.equal((await runCli(["--stack", "staging", "--host", "db1", "--outputs", outputs, "--out", viaOutputs])).code, 0);

    const file = writeSealed(c.dir, "db1", sealed.db1!);
    const run = await runCli(sealedArgs(file, keys.db1!, c.conf));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /wrote .*rclone\.conf from sealed file .*db1\.age \(stack staging\) \(content differs\): added \[staging-db-archive\]/);
    assert.equal(read(c.conf), read(viaOutputs), "the same bytes as pulling db1 from the outputs");
    assert.ok(read(c.conf).startsWith(FOREIGN), "foreign sections kept byte for byte");
    assert.equal(mode(c.conf), 0o600);
    assert.equal(read(`${c.conf}.bak`), FOREIGN);
    const dump = await rcloneDump(c.conf);
    assert.deepEqual(Object.keys(dump).sort(), ["nas", ...hosts.db1!.sections.map((s) => s.name)].sort());

    const again = await runCli(sealedArgs(file, keys.db1!, c.conf));
    assert.match(again.stdout, /nothing to change: .* is up to date/);
    assert.equal((await runCli([...sealedArgs(file, keys.db1!, c.conf), "--check"])).code, 0);
    writeFileSync(c.conf, read(c.conf).replace(/^(secret_access_key = ).*$/m, "$1edited-by-hand"));
    const drift = await runCli([...sealedArgs(file, keys.db1!, c.conf), "--check"]);
    assert.equal(drift.code, 1);
    assert.match(drift.stdout, /drift: .* \(content differs\); pull-config would: updated \[staging-db-archive\]/);
});

test("--sealed - reads the file from stdin (e.g. piped from curl)", async (t) => {
    const c = existingConf(t);
    const run = await runCli(["--stack", "staging", "--sealed", "-", "--identity", keys.files1!.identityFile, "--out", c.conf], { input: sealed.files1! });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(read(c.conf).endsWith(files1));
});

test("a modified or damaged sealed file is refused with exit 1 and nothing written", async (t) => {
    const c = existingConf(t);
    const lines = sealed.db1!.split("\n");
    const flip = (line: string, at: number) => line.slice(0, at) + (line[at] === "A" ? "B" : "A") + line.slice(at + 1);
    const payloadLine = lines.length - 3; // the last full base64 line before the footer: payload bytes
    const cases: Record<string, string> = {
        payload: lines.map((l, i) => (i === payloadLine ? flip(l, 10) : l)).join("\n"),
        header: lines.map((l, i) => (i === 2 ? flip(l, 20) : l)).join("\n"),
        truncated: lines.slice(0, -3).concat(lines.slice(-2)).join("\n"),
    };
    for (const [what, text] of Object.entries(cases)) {
        const file = writeSealed(c.dir, `db1-${what}`, text);
        const run = await runCli(sealedArgs(file, keys.db1!, c.conf));
        assert.equal(run.code, 1, `${what}: ${run.stdout}${run.stderr}`);
        assert.match(run.stderr, /sealed file .* (cannot be opened: it was modified or damaged after sealing|is damaged)/, what);
        assert.match(run.stderr, /nothing was written/, what);
        c.untouched();
    }
    const notAge = writeSealed(c.dir, "plain", FOREIGN);
    const run = await runCli(sealedArgs(notAge, keys.db1!, c.conf));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /is not an age-encrypted file/);
    c.untouched();
});

test("another host's key cannot open the file: exit 1, says whose file it may be, nothing written", async (t) => {
    const c = existingConf(t);
    const run = await runCli(sealedArgs(writeSealed(c.dir, "db1", sealed.db1!), keys.monitor1!, c.conf));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /db1\.age is not sealed to the key in .*monitor1\.key: it is another host's file, or this host's key changed/);
    c.untouched();
});

test("a staging file under --stack prod, or content backup-remotes did not write, is refused", async (t) => {
    const c = existingConf(t);
    const prod = await runCli(sealedArgs(writeSealed(c.dir, "db1", sealed.db1!), keys.db1!, c.conf, "prod"));
    assert.equal(prod.code, 1);
    assert.match(prod.stderr, /holds stack staging, not stack prod; check --stack/);
    c.untouched();

    // Sealed by hand with the real age to db1's key: valid age files, but not what backup-remotes renders.
    const sealByHand = (name: string, text: string) => {
        const path = join(c.dir, `${name}.age`);
        execFileSync("age", ["-a", "-r", keys.db1!.recipient, "-o", path], { input: text });
        return path;
    };
    const section = s3Section("staging-extra");
    const genuine = renderHostFile("staging", [section]);
    const notOurs = /its content is not a host file written by backup-remotes/;
    const cases: [string, string, RegExp][] = [
        ["unmarked", "[staging-extra]\ntype = local\n", /holds unmarked sections, not stack staging/],
        ["extra-line", genuine + "# appended\n", notOurs],
        // The comments are part of what is sealed: a job line or role that is not the one rendered is refused.
        ["edited-job", genuine.replace(/^(# job: rclone .*) (\/path\/to\/source)/m, "$1 --delete-after $2"), notOurs],
        ["edited-role", genuine.replace("# role: copy (", "# role: sync ("), notOurs],
        ["no-usage", genuine.replace(/^# (role|path|flags): .*\n/gm, ""), notOurs],
        ["older", `${iniMarker("staging")}\n${renderIni([section])}`, /was sealed by an older backup-remotes .*`pulumi up` seals every host's file again/],
        ["other-env-name", renderHostFile("staging", [s3Section("prod-db")]), /gives sections \[prod-db\], which are not named "staging-…"/],
    ];
    for (const [name, text, pattern] of cases) {
        const run = await runCli(sealedArgs(sealByHand(name, text), keys.db1!, c.conf));
        assert.equal(run.code, 1, name);
        assert.match(run.stderr, pattern, name);
        c.untouched();
    }
});

test("an SSH private key as --identity is refused, naming what to give instead", async (t) => {
    const c = existingConf(t);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(c.dir, "ssh_host_ed25519_key")]);
    const run = await runCli([
        "--stack",
        "staging",
        "--sealed",
        writeSealed(c.dir, "db1", sealed.db1!),
        "--identity",
        join(c.dir, "ssh_host_ed25519_key"),
        "--out",
        c.conf,
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /is an SSH private key; sealed files are sealed to age keys .*age-keygen -o/);
    assert.ok(!run.stderr.includes(readFileSync(join(c.dir, "ssh_host_ed25519_key"), "utf8").split("\n")[1]!));
    c.untouched();
});

test("usage: --sealed needs --identity and excludes --host/--outputs; exit 2; --help names the exit codes", async (t) => {
    const c = existingConf(t);
    const file = writeSealed(c.dir, "db1", sealed.db1!);
    const usage: [string[], RegExp][] = [
        [["--stack", "staging", "--sealed", file, "--out", c.conf], /--sealed needs --identity <file>/],
        [[...sealedArgs(file, keys.db1!, c.conf), "--host", "db1"], /--sealed cannot be combined with --host/],
        [["--stack", "staging", "--identity", keys.db1!.identityFile, "--host", "db1", "--out", c.conf], /--identity is only used with --sealed/],
        [["--stack", "staging", "--out", c.conf], /give --host <name> .* or --sealed <file> --identity <key>/],
        [[...sealedArgs(file, keys.db1!, c.conf), "--lock-timeout", "0"], /--lock-timeout.*must be a whole number of seconds from 1 to 3600/],
    ];
    for (const [args, pattern] of usage) {
        const run = await runCli(args);
        assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
        assert.match(run.stderr, pattern);
    }
    c.untouched();
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(
        help.stdout,
        /Exit codes.*:\n  0 {2}ok\n  1 {2}findings or invalid input: --check found the file drifted[\s\S]*a sealed file that cannot be used[\s\S]*\n  2 {2}usage/,
    );
});
