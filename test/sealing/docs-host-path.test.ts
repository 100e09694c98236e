/**
 * The host path of docs/hosts.md, run as written (paths moved into a temp dir):
 * the one `age -d` line installs a host's sealed file from the offline plan
 * with Debian's age, 0600, where rclone reads it; a modified or damaged file
 * leaves the installed config as it was and no partial plaintext behind; the
 * drift line tells in-sync from edited; the job lines the page shows are
 * the ones the file gives.
 */
import { strict as assert } from "node:assert";
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { randomBytes } from "node:crypto";
import { runPlan } from "../../cli/plan/run";
import { renderHostFile } from "../../components/rclone/host-file";
import { type CliRun, REPO, mode, rcloneDump, read, tempDir } from "../pull-config/helpers";
import { ageKeygen } from "../support/age";
import { damaged, hostKeys, hostSectionsOf, movePaths, sealedStaging } from "./helpers";

const PAGE = readFileSync(join(REPO, "docs", "hosts.md"), "utf8");

/** The page's line starting with `start` (trimmed), with the host's paths moved under `dir`. */
function pageLine(start: string, dir: string): string {
    const line = PAGE.split("\n")
        .map((l) => l.trim())
        .find((l) => l.startsWith(start));
    assert.ok(line, `docs/hosts.md has no line starting with ${start}`);
    return movePaths(line, dir).replace(/ db1\.age /, ` ${dir}/db1.age `);
}

function sh(command: string): Promise<CliRun> {
    return new Promise((resolve) => {
        execFile("/bin/sh", ["-c", command], (err, stdout, stderr) =>
            resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }),
        );
    });
}

const INSTALL = "umask 077; age -d -i /etc/backup-remotes/age.key -o /etc/rclone/prod.conf.new db1.age && mv";

test("docs/hosts.md: the one age line installs the host's file (0600) and rclone reads it; a modified file changes nothing; drift is seen", async (t) => {
    const dir = tempDir(t);
    for (const d of ["etc-backup-remotes", "etc-rclone", "var-lib"]) mkdirSync(join(dir, d), { mode: 0o700 });
    const keys = { ...hostKeys(dir), db1: ageKeygen(join(dir, "etc-backup-remotes"), "age") };
    const plan = await runPlan("staging", { config: sealedStaging(keys) });
    const sealed = (plan.outputs.sealedHosts!.value as Record<string, string>).db1!;
    const sections = hostSectionsOf(plan, "db1");
    writeFileSync(join(dir, "db1.age"), sealed);
    const installed = join(dir, "etc-rclone", "prod.conf");
    writeFileSync(installed, "[old]\ntype = local\n");
    chmodSync(installed, 0o644);

    const install = pageLine(INSTALL, dir);
    const run = await sh(install);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(read(installed), renderHostFile("staging", sections));
    assert.equal(mode(installed), 0o600);
    assert.deepEqual(Object.keys(await rcloneDump(installed)).sort(), sections.map((s) => s.name).sort());

    writeFileSync(join(dir, "db1.age"), damaged(sealed));
    const before = read(installed);
    const refused = await sh(install);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /age: error: /);
    assert.equal(read(installed), before, "a modified sealed file leaves the installed config as it was");

    writeFileSync(join(dir, "var-lib", "prod.age"), sealed);
    const drift = pageLine("age -d -i /etc/backup-remotes/age.key /var/lib/backup-remotes/prod.age | cmp -s -", dir);
    assert.equal((await sh(drift)).code, 0, "in sync");
    writeFileSync(installed, before.replace(/^(secret_access_key = ).*$/m, "$1edited"));
    assert.equal((await sh(drift)).code, 1, "drift");
});

test("docs/hosts.md: a payload damaged after its first chunks leaves no partial plaintext in .new (age alone would leave 128 KiB)", async (t) => {
    const dir = tempDir(t);
    for (const d of ["etc-backup-remotes", "etc-rclone"]) mkdirSync(join(dir, d), { mode: 0o700 });
    const key = ageKeygen(join(dir, "etc-backup-remotes"), "age");
    const big = join(dir, "big.age");
    execFileSync("age", ["-a", "-r", key.recipient, "-o", big], { input: randomBytes(200 * 1024).toString("base64") });
    writeFileSync(join(dir, "db1.age"), damaged(read(big)));
    const installed = join(dir, "etc-rclone", "prod.conf");
    writeFileSync(installed, "[old]\ntype = local\n", { mode: 0o600 });
    const partial = `${installed}.new`;

    // What the page's line guards against: age writes the chunks it verified before it meets the damaged one.
    const bare = await sh(`age -d -i ${key.identityFile} -o ${partial} ${dir}/db1.age`);
    assert.notEqual(bare.code, 0);
    assert.ok(readFileSync(partial).length >= 128 * 1024, "age left its partial output");

    const run = await sh(pageLine(INSTALL, dir));
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /age: error: failed to decrypt and authenticate payload chunk/);
    assert.equal(existsSync(partial), false, "the partial plaintext was removed");
    assert.equal(read(installed), "[old]\ntype = local\n");
});

test("docs/hosts.md: the job line the page shows is the one the prod plan gives db1's prod-db-archive", async () => {
    const plan = await runPlan("prod", { projectDir: REPO });
    const job = renderHostFile("prod", hostSectionsOf(plan, "db1"))
        .split("\n")
        .find((l) => l.startsWith("# job: ") && l.includes("prod-db-archive:"));
    assert.ok(job);
    assert.ok(PAGE.includes(`   ${job}\n`), `docs/hosts.md does not show ${job}`);
});

test("docs/rotation.md: a sealed host's step 3, its two lines as written (fetched from a file:// URL), installs the new file", async (t) => {
    const dir = tempDir(t);
    for (const d of ["etc-backup-remotes", "etc-rclone", "var-lib"]) mkdirSync(join(dir, d), { mode: 0o700 });
    const key = ageKeygen(join(dir, "etc-backup-remotes"), "age");
    const published = join(dir, "published-db1.age");
    execFileSync("age", ["-a", "-r", key.recipient, "-o", published], { input: "[new]\ntype = local\n" });
    const installed = join(dir, "etc-rclone", "prod.conf");
    writeFileSync(installed, "[old]\ntype = local\n", { mode: 0o600 });
    const page = readFileSync(join(REPO, "docs", "rotation.md"), "utf8").split("\n");
    const fetch = page.find((l) => l.startsWith("curl -fsS --proto =https --remove-on-error -o /var/lib/backup-remotes/prod.age "));
    const install = page.find((l) => l.startsWith("umask 077; age -d -i /etc/backup-remotes/age.key "));
    assert.ok(fetch !== undefined && install !== undefined, "docs/rotation.md shows step 3's fetch and install lines");
    const local = (line: string) =>
        movePaths(line, dir)
            .replace("--proto =https", "--proto =file")
            .replace(/https:\/\/\S+\.age/, `file://${published}`);
    const run = await sh(`${local(fetch)} && ${local(install)}`);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(read(installed), "[new]\ntype = local\n");
    assert.equal(mode(installed), 0o600);
});
