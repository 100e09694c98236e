/**
 * The host path of docs/hosts.md, run as written (paths moved into a temp dir):
 * the one `age -d` line installs a host's sealed file from the offline plan
 * with Debian's age, 0600, where rclone reads it; a modified file leaves the
 * installed config as it was; the drift line tells in-sync from edited.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runPlan } from "../../cli/plan/run";
import { renderHostFile } from "../../components/rclone/host-file";
import { type CliRun, REPO, mode, rcloneDump, read, tempDir } from "../pull-config/helpers";
import { ageKeygen } from "../support/age";
import { hostKeys, hostSectionsOf, sealedStaging } from "./helpers";

const README = readFileSync(join(REPO, "docs", "hosts.md"), "utf8");

/** The README line starting with `start` (trimmed), with the host's paths moved under `dir`. */
function readmeLine(start: string, dir: string): string {
    const line = README.split("\n").map((l) => l.trim()).find((l) => l.startsWith(start));
    assert.ok(line, `docs/hosts.md has no line starting with ${start}`);
    return line.replaceAll("/etc/backup-remotes/", `${dir}/etc-backup-remotes/`).replaceAll("/etc/rclone/", `${dir}/etc-rclone/`)
        .replace(/ db1\.age /, ` ${dir}/db1.age `);
}

function sh(command: string): Promise<CliRun> {
    return new Promise((resolve) => {
        execFile("/bin/sh", ["-c", command], (err, stdout, stderr) =>
            resolve({ code: err === null ? 0 : (typeof err.code === "number" ? err.code : -1), stdout, stderr }));
    });
}

test("docs/hosts.md: the one age line installs the host's file (0600) and rclone reads it; a modified file changes nothing; drift is seen", async (t) => {
    const dir = tempDir(t);
    mkdirSync(join(dir, "etc-backup-remotes"), { mode: 0o700 });
    mkdirSync(join(dir, "etc-rclone"), { mode: 0o700 });
    const keys = { ...hostKeys(dir), db1: ageKeygen(join(dir, "etc-backup-remotes"), "age") };
    const plan = await runPlan("staging", { config: sealedStaging(keys) });
    const sealed = (plan.outputs.sealedHosts!.value as Record<string, string>).db1!;
    const sections = hostSectionsOf(plan, "db1");
    writeFileSync(join(dir, "db1.age"), sealed);
    const installed = join(dir, "etc-rclone", "prod.conf");
    writeFileSync(installed, "[old]\ntype = local\n");
    chmodSync(installed, 0o644);

    const install = readmeLine("umask 077; rm -f /etc/rclone/prod.conf.new && age -d -i", dir);
    const run = await sh(install);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(read(installed), renderHostFile("staging", sections));
    assert.equal(mode(installed), 0o600);
    assert.deepEqual(Object.keys(await rcloneDump(installed)).sort(), sections.map((s) => s.name).sort());

    const lines = sealed.split("\n");
    lines[lines.length - 3] = lines[lines.length - 3]!.replace(/^(.{8})(.)/, (_, a: string, c: string) => a + (c === "A" ? "B" : "A"));
    writeFileSync(join(dir, "db1.age"), lines.join("\n"));
    const before = read(installed);
    const refused = await sh(install);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /age: error: /);
    assert.equal(read(installed), before, "a modified sealed file leaves the installed config as it was");

    writeFileSync(join(dir, "etc-backup-remotes", "prod.age"), sealed);
    const drift = readmeLine("age -d -i /etc/backup-remotes/age.key /etc/backup-remotes/prod.age | cmp -s -", dir);
    assert.equal((await sh(drift)).code, 0, "in sync");
    writeFileSync(installed, before.replace(/^(secret_access_key = ).*$/m, "$1edited"));
    assert.equal((await sh(drift)).code, 1, "drift");
});
