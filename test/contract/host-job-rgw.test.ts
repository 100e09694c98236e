/**
 * Contract: a host with only `age` and `rclone` runs its backups from its
 * decrypted file alone. The offline plan (`plan --sealed-host`, the real
 * command) writes db1's sealed file; Debian's age opens it with db1's key;
 * each section's keys become radosgw role sessions holding exactly the
 * generated policies (deny by default, as AWS); then each job line is taken
 * from the file and run with the real rclone, twice (the second night).
 *
 * The one thing changed in the decrypted file is what `pulumi up` fills in
 * and the plan cannot: the keys (the plan's stand-ins become the sessions'),
 * plus where the local server is (endpoint, provider Ceph: rclone addresses
 * 127.0.0.1 only path-style). Roles, paths, flags, job lines and every other
 * option stay as generated, and the test checks that they did.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { stringify } from "yaml";
import { runPlan } from "../../cli/plan/run";
import { rcloneEnv } from "../../cli/shared/rclone";
import { hostConfigPath, SOURCE_PLACEHOLDER } from "../../components/rclone/host-job";
import { type CliRun, REPO } from "../pull-config/helpers";
import { ageDecrypt, ageKeygen, type AgeKey } from "../support/age";
import { contractStackConfig, deployToRgw } from "../support/contract/deploy";
import { deployKeys } from "../support/contract/host-file";
import { versionsUnder } from "../support/contract/postdeploy";
import { adminS3, keysUnder, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";

const BUCKET = "acme-backup-staging-main";
const CREDENTIALS = {
    "db-archive": { role: "copy", prefix: "db/", hosts: ["db1"] },
    "files-mirror": { role: "sync", prefix: "files/", hosts: ["db1"] },
    "db-check": { role: "verify", prefix: "db/", hosts: ["db1"] },
} as const;

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
    return new Promise((resolve) => {
        execFile(file, [...args], { cwd: REPO, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
            resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }),
        );
    });
}

/** A project directory whose Pulumi.staging.yaml is the contract stack with db1's host key. */
function project(dir: string, key: AgeKey): void {
    const config = contractStackConfig("staging", CREDENTIALS);
    const values = { ...config.values, "backup-remotes:hostKeys": JSON.stringify({ db1: key.recipient }) };
    const yaml = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.startsWith("{") ? (JSON.parse(v) as unknown) : v]));
    writeFileSync(join(dir, "Pulumi.staging.yaml"), stringify({ config: yaml }));
}

/** The file's lines of section `name` (header to the next blank line). */
function block(text: string, name: string): string[] {
    const lines = text.split("\n");
    const start = lines.indexOf(`[${name}]`);
    assert.ok(start >= 0, `no [${name}] in the file`);
    const end = lines.indexOf("", start);
    return lines.slice(start, end < 0 ? undefined : end);
}

describe("a host runs its role's job from its decrypted file alone (radosgw)", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let dir: string;
    let conf: string;
    let generated: string;
    const source = { copy: "", sync: "" };

    before(async () => {
        server = await startRgw();
        dir = mkdtempSync(join(tmpdir(), "host-job-"));
        const key = ageKeygen(dir, "db1");
        project(dir, key);
        const sealed = join(dir, "db1.age");
        const planned = await run(process.execPath, [
            "--import",
            "tsx",
            join(REPO, "cli", "plan", "main.ts"),
            "--stack",
            "staging",
            "--sealed-host",
            "db1",
            "--out",
            sealed,
            "--cwd",
            dir,
        ]);
        assert.equal(planned.code, 0, planned.stderr);
        const opened = await ageDecrypt(key.identityFile, sealed);
        assert.equal(opened.code, 0, opened.stderr);
        generated = opened.stdout;

        // The buckets and identities `pulumi up` would create, holding the generated policies.
        const plan = await runPlan("staging", { config: contractStackConfig("staging", CREDENTIALS) });
        const deployed = await deployToRgw(server, plan);
        const keys = Object.fromEntries(deployed.outputs.hosts.db1!.sections.map((s) => [s.name, s.options]));
        conf = join(dir, "staging.conf");
        writeFileSync(conf, deployKeys(generated, keys, server.endpoint), { mode: 0o600 });

        source.copy = join(dir, "db-dumps");
        source.sync = join(dir, "files");
        mkdirSync(source.copy);
        mkdirSync(source.sync);
        writeFileSync(join(source.copy, "db-2026-12-01.dump"), randomBytes(6 * 1024 * 1024)); // multipart at 5 MiB parts
        writeFileSync(join(source.copy, "db-2026-12-01.sql"), "small\n");
        writeFileSync(join(source.sync, "a.txt"), "a\n");
        writeFileSync(join(source.sync, "b.txt"), "b\n");
    });

    after(async () => {
        await server?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** The job line of `section` as the file gives it, run with the placeholder and config path filled in. */
    async function job(section: string, src: string): Promise<CliRun> {
        const lines = block(readFileSync(conf, "utf8"), section).filter((l) => l.startsWith("# job: "));
        assert.equal(lines.length, 1, `${section}: one job line`);
        const line = lines[0]!.slice("# job: ".length);
        assert.ok(line.includes(SOURCE_PLACEHOLDER) && line.includes(`--config ${hostConfigPath("staging")} `), line);
        const command = line.replace(SOURCE_PLACEHOLDER, src).replace(hostConfigPath("staging"), conf);
        // Small parts make the 6 MiB dump a multipart upload (no MD5 ETag), as every file over 200 MiB is.
        return run("/bin/sh", ["-c", `${command} -v`], { ...rcloneEnv(), RCLONE_S3_UPLOAD_CUTOFF: "5M", RCLONE_S3_CHUNK_SIZE: "5M" });
    }

    it("the decrypted file states each section's role, path, flags and job line; only keys and the server were filled in", () => {
        const installed = readFileSync(conf, "utf8");
        for (const name of ["staging-db-archive", "staging-files-mirror", "staging-db-check"]) {
            const before = block(generated, name);
            const now = block(installed, name);
            assert.deepEqual(
                now.filter((l) => l.startsWith("#")),
                before.filter((l) => l.startsWith("#")),
                `${name}: comments as generated`,
            );
            const kept = (ls: string[]) => ls.filter((l) => !/^(#|access_key_id|secret_access_key|provider|endpoint|session_token) ?/.test(l));
            assert.deepEqual(kept(now), kept(before), `${name}: options as generated`);
        }
        assert.match(
            generated,
            /^# job: rclone --config \/etc\/rclone\/staging\.conf copy --ignore-existing \/path\/to\/source staging-db-archive:acme-backup-staging-main\/db\/$/m,
        );
        assert.match(
            generated,
            /^# job: rclone --config \/etc\/rclone\/staging\.conf sync \/path\/to\/source staging-files-mirror:acme-backup-staging-main\/files\/$/m,
        );
        assert.match(
            generated,
            /^# job: rclone --config \/etc\/rclone\/staging\.conf check --one-way \/path\/to\/source staging-db-check:acme-backup-staging-main\/db\/$/m,
        );
    });

    it("first night: copy uploads the dumps, sync mirrors the tree, verify passes", async () => {
        const copy = await job("staging-db-archive", source.copy);
        assert.equal(copy.code, 0, copy.stderr);
        assert.deepEqual(await keysUnder(server, BUCKET, "db/"), ["db/db-2026-12-01.dump", "db/db-2026-12-01.sql"]);
        const sync = await job("staging-files-mirror", source.sync);
        assert.equal(sync.code, 0, sync.stderr);
        assert.deepEqual(await keysUnder(server, BUCKET, "files/"), ["files/a.txt", "files/b.txt"]);
        const verify = await job("staging-db-check", source.copy);
        assert.equal(verify.code, 0, verify.stderr);
        assert.match(verify.stderr, /0 differences found/);
    });

    it("second night: copy uploads only the new dump and exits 0, sync follows the changes, verify passes; a missing file fails verify", async () => {
        writeFileSync(join(source.copy, "db-2026-12-02.sql"), "next\n");
        const copy = await job("staging-db-archive", source.copy);
        assert.equal(copy.code, 0, copy.stderr);
        assert.match(copy.stderr, /db-2026-12-02\.sql: Copied \(new\)/);
        assert.doesNotMatch(copy.stderr, /db-2026-12-01\.(dump|sql): Copied/);
        assert.deepEqual(await keysUnder(server, BUCKET, "db/"), ["db/db-2026-12-01.dump", "db/db-2026-12-01.sql", "db/db-2026-12-02.sql"]);
        assert.equal((await versionsUnder(server, BUCKET, "db/db-2026-12-01")).length, 2, "one version of each first-night file: nothing uploaded again");

        unlinkSync(join(source.sync, "a.txt"));
        writeFileSync(join(source.sync, "b.txt"), "b, changed\n");
        writeFileSync(join(source.sync, "c.txt"), "c\n");
        const sync = await job("staging-files-mirror", source.sync);
        assert.equal(sync.code, 0, sync.stderr);
        assert.deepEqual(await keysUnder(server, BUCKET, "files/"), ["files/b.txt", "files/c.txt"]);

        const verify = await job("staging-db-check", source.copy);
        assert.equal(verify.code, 0, verify.stderr);
        writeFileSync(join(source.copy, "db-2026-12-03.sql"), "not backed up\n");
        const missing = await job("staging-db-check", source.copy);
        assert.equal(missing.code, 1, "a file the bucket lacks fails the check");
        assert.match(missing.stderr, /db-2026-12-03\.sql: file not in S3 bucket/);
    });

    it("the keys hold only their role's rights: the copy key cannot read what is there, the verify key cannot write", async () => {
        const s3 = adminS3(server);
        try {
            await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "db/probe.txt", Body: "probe\n" }));
        } finally {
            s3.destroy();
        }
        const read = await run("rclone", ["--config", conf, "cat", "--include", "probe.txt", `staging-db-archive:${BUCKET}/db/`], rcloneEnv());
        assert.notEqual(read.code, 0, `the copy key read an object: ${read.stdout} ${read.stderr}`);
        assert.match(read.stderr, /status code: 403/);
        writeFileSync(join(dir, "probe.txt"), "probe\n");
        const write = await run("rclone", ["--config", conf, "copyto", join(dir, "probe.txt"), `staging-db-check:${BUCKET}/db/verify-probe.txt`], rcloneEnv());
        assert.notEqual(write.code, 0, "the verify key wrote an object");
        assert.match(write.stderr, /status code: 403/);
        assert.deepEqual(await keysUnder(server, BUCKET, "db/verify-probe"), []);
    });
});
