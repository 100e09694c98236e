/**
 * The host kit (examples/host/): every unit passes `systemd-analyze verify`
 * (which also finds each binary it runs) and each service scores 2.5 or less
 * in `systemd-analyze security --offline=true`; a missing systemd-analyze
 * fails (scripts/install-test-deps.sh installs it). The install commands of
 * the service and the cron file, run as written (paths moved into a temp dir,
 * the fetch from a file:// URL), install a good file and leave a damaged one's
 * config untouched with no partial plaintext; the job lines are the ones the
 * prod plan gives db1.
 */
import { strict as assert } from "node:assert";
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { runPlan } from "../../cli/plan/run";
import { renderHostFile } from "../../components/rclone/host-file";
import { SOURCE_PLACEHOLDER } from "../../components/rclone/host-job";
import { type CliRun, REPO, mode, read, tempDir } from "../pull-config/helpers";
import { ageKeygen, type AgeKey } from "../support/age";
import { damaged, hostSectionsOf, movePaths } from "../sealing/helpers";

const KIT = join(REPO, "examples", "host");
const UNITS = readdirSync(KIT)
    .filter((f) => /\.(service|timer)$/.test(f))
    .sort();
const SERVICES = UNITS.filter((f) => f.endsWith(".service"));
const MAX_EXPOSURE = 2.5;
/** The source directory the kit's job unit and cron line back up. */
const KIT_SOURCE = "/var/backups/db";

function run(file: string, args: readonly string[], options: { cwd?: string } = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        execFile(file, [...args], { cwd: options.cwd ?? KIT }, (err, stdout, stderr) => {
            if (err !== null && typeof err.code !== "number")
                reject(new Error(`${file} cannot run (${String(err.code)}): ` + "install it with scripts/install-test-deps.sh (Debian package systemd)"));
            else resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr });
        });
    });
}

const sh = (command: string) => run("/bin/sh", ["-c", command]);

/** A unit's `ExecStart=` values, in order. */
function execStarts(unit: string): string[] {
    return read(join(KIT, unit))
        .split("\n")
        .filter((l) => l.startsWith("ExecStart="))
        .map((l) => l.slice("ExecStart=".length));
}

test("the kit has its units: install service and timer, one job service and timer, and a cron file", () => {
    assert.deepEqual(UNITS, [
        "backup-remotes-prod.service",
        "backup-remotes-prod.timer",
        "rclone-backup-prod-db-archive.service",
        "rclone-backup-prod-db-archive.timer",
    ]);
    assert.ok(existsSync(join(KIT, "backup-remotes-prod.cron")));
});

for (const unit of UNITS) {
    test(`systemd-analyze verify ${unit}: no error, no warning`, async () => {
        const verified = await run("systemd-analyze", ["verify", `./${unit}`]);
        assert.equal(verified.code, 0, verified.stderr);
        assert.equal(verified.stderr, "", "systemd-analyze warned");
    });
}

for (const unit of SERVICES) {
    test(`systemd-analyze security --offline=true ${unit}: exposure ${MAX_EXPOSURE} or less`, async () => {
        const scored = await run("systemd-analyze", ["security", "--offline=true", `./${unit}`]);
        assert.equal(scored.code, 0, scored.stderr);
        const exposure = new RegExp(`Overall exposure level for ${unit.replace(".", "\\.")}: (\\d+\\.\\d+) `).exec(scored.stdout)?.[1];
        assert.ok(exposure !== undefined, `no overall exposure level in:\n${scored.stdout}`);
        assert.ok(
            Number(exposure) <= MAX_EXPOSURE,
            `${unit} scores ${exposure}:\n${scored.stdout
                .split("\n")
                .filter((l) => l.startsWith("✗"))
                .join("\n")}`,
        );
    });
}

test("systemd-analyze tells: a unit running a missing binary fails verify, an unhardened service scores above the limit", async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, "missing.service"), "[Service]\nType=oneshot\nExecStart=/usr/bin/no-such-binary\n");
    assert.notEqual((await run("systemd-analyze", ["verify", "./missing.service"], { cwd: dir })).code, 0);
    writeFileSync(join(dir, "plain.service"), `[Service]\nType=oneshot\nExecStart=${execStarts("backup-remotes-prod.service")[0]}\n`);
    const scored = await run("systemd-analyze", ["security", "--offline=true", "./plain.service"], { cwd: dir });
    assert.match(scored.stdout, /Overall exposure level for plain\.service: 9\.\d UNSAFE/);
});

test("the job unit and the cron file run the job line the prod plan gives db1's prod-db-archive, with the kit's source", async () => {
    const plan = await runPlan("prod", { projectDir: REPO });
    const job = renderHostFile("prod", hostSectionsOf(plan, "db1"))
        .split("\n")
        .find((l) => l.startsWith("# job: ") && l.includes(" prod-db-archive:"))!
        .slice("# job: ".length)
        .replace(SOURCE_PLACEHOLDER, KIT_SOURCE);
    assert.deepEqual(execStarts("rclone-backup-prod-db-archive.service"), [job.replace(/^rclone /, "/usr/bin/rclone ")]);
    assert.ok(read(join(KIT, "backup-remotes-prod.cron")).includes(`\n30 2 * * * root ${job}\n`), "the cron file's job line");
});

describe("the install commands of the service and the cron file, run as written", () => {
    let key: AgeKey;
    let good: string;
    let bad: string;
    const plaintext = randomBytes(200 * 1024).toString("base64"); // > 128 KiB: age writes chunks before it meets a damaged one
    before(() => {
        const dir = tempDir({ after: (fn) => process.on("exit", fn) });
        key = ageKeygen(dir, "age");
        good = join(dir, "good.age");
        execFileSync("age", ["-a", "-r", key.recipient, "-o", good], { input: plaintext });
        bad = join(dir, "bad.age");
        writeFileSync(bad, damaged(read(good)));
    });

    /** A host's directories in `dir` with an installed config; its paths, where the kit fetches from. */
    function host(t: { after: (fn: () => void) => void }, served: string) {
        const dir = tempDir(t);
        for (const d of ["etc-backup-remotes", "etc-rclone", "var-lib"]) mkdirSync(join(dir, d), { mode: 0o700 });
        writeFileSync(join(dir, "etc-backup-remotes", "age.key"), read(key.identityFile), { mode: 0o600 });
        const conf = join(dir, "etc-rclone", "prod.conf");
        writeFileSync(conf, "[old]\ntype = local\n", { mode: 0o600 });
        // The fetch as written, from a file:// URL: curl's --proto =https is widened to file for this one source.
        const local = (command: string) =>
            movePaths(command, dir)
                .replace("--proto =https", "--proto =file")
                .replace(/https:\/\/\S+\.age/, `file://${served}`)
                .replace("%d/", `${dir}/etc-backup-remotes/`);
        return { dir, conf, local };
    }

    /** The service's ExecStart lines one after another, stopping at the first that fails (Type=oneshot). */
    async function service(local: (c: string) => string): Promise<CliRun> {
        let last: CliRun = { code: 0, stdout: "", stderr: "" };
        for (const line of execStarts("backup-remotes-prod.service")) {
            last = await sh(`umask 077; ${local(line)}`); // UMask=0077
            if (last.code !== 0) break;
        }
        return last;
    }

    function cron(local: (c: string) => string): Promise<CliRun> {
        const line = read(join(KIT, "backup-remotes-prod.cron"))
            .split("\n")
            .find((l) => l.startsWith("17 * * * * root "))!;
        return sh(local(line.slice("17 * * * * root ".length)));
    }

    for (const [what, install] of [
        ["service", service],
        ["cron file", cron],
    ] as const) {
        test(`the ${what}: a good file is installed 0600; a damaged one fails, leaves the config and no .new`, async (t) => {
            const ok = host(t, good);
            const installed = await install(ok.local);
            assert.equal(installed.code, 0, installed.stderr);
            assert.equal(read(ok.conf), plaintext);
            assert.equal(mode(ok.conf), 0o600);
            assert.equal(readFileSync(join(ok.dir, "var-lib", "prod.age"), "utf8"), read(good), "fetched where the drift line reads it");

            const broken = host(t, bad);
            const refused = await install(broken.local);
            assert.equal(refused.code, 1, refused.stderr);
            assert.match(refused.stderr, /age: error: failed to decrypt and authenticate payload chunk/);
            assert.equal(read(broken.conf), "[old]\ntype = local\n");
            assert.equal(existsSync(`${broken.conf}.new`), false, "partial plaintext left behind");

            const unreachable = host(t, join(broken.dir, "not-there.age"));
            assert.notEqual((await install(unreachable.local)).code, 0);
            assert.equal(read(unreachable.conf), "[old]\ntype = local\n");
            assert.equal(existsSync(join(unreachable.dir, "var-lib", "prod.age")), false);
        });
    }
});
