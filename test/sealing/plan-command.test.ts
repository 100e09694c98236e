/**
 * `npm run plan -- --stack <env> --state <file>`: the command keeps the
 * sealing state between runs (0600), so two plans of the same config print
 * the same sealedHosts; the state is per stack; no secret is printed or stored.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse, stringify } from "yaml";
import { MOCK_SECRET_PREFIX } from "../../cli/plan/mocks";
import { type CliRun, REPO, mode, tempDir } from "../pull-config/helpers";
import { ageDecrypt } from "../support/age";
import { STAGING_HOSTS, hostKeys } from "./helpers";

function plan(args: readonly string[]): Promise<CliRun> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["--import", "tsx", join(REPO, "cli", "plan", "main.ts"), ...args],
            { cwd: REPO, maxBuffer: 64 << 20 },
            (err, stdout, stderr) => resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr }),
        );
    });
}

interface PlanJson {
    outputs: { sealedHosts: Record<string, string>; hosts: unknown };
    resources: { type: string; inputs: Record<string, unknown> }[];
    sealing: { host: string; action: string }[];
}

/** A project directory whose staging stack is the example with hostKeys, and prod the example as it is. */
function project(dir: string): string {
    const doc = parse(readFileSync(join(REPO, "Pulumi.staging.yaml"), "utf8")) as { config: Record<string, unknown> };
    const keys = hostKeys(dir);
    doc.config["backup-remotes:hostKeys"] = Object.fromEntries(STAGING_HOSTS.map((h) => [h, keys[h]!.recipient]));
    writeFileSync(join(dir, "Pulumi.staging.yaml"), stringify(doc));
    copyFileSync(join(REPO, "Pulumi.prod.yaml"), join(dir, "Pulumi.prod.yaml"));
    return dir;
}

test("two plans with --state print identical sealedHosts; the state file is 0600 and holds no secret", async (t) => {
    const dir = project(tempDir(t));
    const state = join(dir, "staging.sealing.json");
    const args = ["--stack", "staging", "--json", "--state", state, "--cwd", dir];
    const first = await plan(args);
    assert.equal(first.code, 0, first.stderr);
    const one = JSON.parse(first.stdout) as PlanJson;
    assert.deepEqual(
        one.sealing.map((s) => s.action),
        ["sealed", "sealed", "sealed"],
    );
    assert.deepEqual(Object.keys(one.outputs.sealedHosts).sort(), [...STAGING_HOSTS]);
    assert.equal(one.outputs.hosts, "[secret]");
    const sealedResource = one.resources.find((r) => r.type === "pulumi-nodejs:dynamic/sealing:SealedHostFile")!;
    assert.equal(sealedResource.inputs.plaintext, "[secret]");
    assert.match(String(sealedResource.inputs.__provider), /^\[serialized dynamic provider, \d+ characters\]$/);
    assert.ok(!first.stdout.includes(MOCK_SECRET_PREFIX), "a secret was printed");
    assert.equal(mode(state), 0o600);
    assert.ok(!readFileSync(state, "utf8").includes(MOCK_SECRET_PREFIX), "the state holds a secret of a credential");

    const second = await plan(args);
    assert.equal(second.code, 0, second.stderr);
    const two = JSON.parse(second.stdout) as PlanJson;
    assert.deepEqual(
        two.sealing.map((s) => s.action),
        ["unchanged", "unchanged", "unchanged"],
    );
    assert.deepEqual(two.outputs.sealedHosts, one.outputs.sealedHosts);

    const text = await plan(["--stack", "staging", "--state", state, "--cwd", dir]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Sealed host files \(sealedHosts, public; only its recipients' keys open each\):/);
    assert.match(text.stdout, /\n  db1: unchanged, \d+ bytes\n      to age1/);
});

test("a state file of another stack, or readable by others, is refused with exit 1", async (t) => {
    const dir = project(tempDir(t));
    const state = join(dir, "staging.sealing.json");
    assert.equal((await plan(["--stack", "staging", "--state", state, "--cwd", dir])).code, 0);
    const other = await plan(["--stack", "prod", "--state", state, "--cwd", dir]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /--state .*staging\.sealing\.json: belongs to stack staging, not prod; keep one state file per stack/);
    chmodSync(state, 0o644);
    const loose = await plan(["--stack", "staging", "--state", state, "--cwd", dir]);
    assert.equal(loose.code, 1);
    assert.match(loose.stderr, /holds secret digest keys but is readable by others \(mode 0644\); chmod 600 it/);
});

test("--sealed-host db1 --out db1.age writes db1's entry of sealedHosts (0644, ciphertext only); Debian's age opens it with db1's key", async (t) => {
    const dir = project(tempDir(t));
    const state = join(dir, "staging.sealing.json");
    const out = join(dir, "db1.age");
    const run = await plan(["--stack", "staging", "--state", state, "--sealed-host", "db1", "--out", out, "--cwd", dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
        run.stdout,
        /^wrote .*db1\.age: host db1's sealed file of stack staging \(\d+ bytes, to 1 key\(s\)\); its keys are the offline plan's stand-ins/,
    );
    assert.ok(!run.stdout.includes(MOCK_SECRET_PREFIX), "a secret was printed");
    assert.equal(mode(out), 0o644);
    const json = JSON.parse((await plan(["--stack", "staging", "--json", "--state", state, "--cwd", dir])).stdout) as PlanJson;
    assert.equal(readFileSync(out, "utf8"), json.outputs.sealedHosts.db1, "the file is db1's entry of sealedHosts");
    const opened = await ageDecrypt(join(dir, "db1.key"), out);
    assert.equal(opened.code, 0, opened.stderr);
    assert.match(opened.stdout, /^# job: rclone --config \/etc\/rclone\/staging\.conf copy --ignore-existing \/path\/to\/source staging-db-archive:/m);
});

test("--sealed-host: an unknown host is a usage error naming the hosts; a stack without hostKeys exit 1; --out is required", async (t) => {
    const dir = project(tempDir(t));
    const out = join(dir, "x.age");
    const unknown = await plan(["--stack", "staging", "--sealed-host", "db9", "--out", out, "--cwd", dir]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--sealed-host "db9" is not a host of stack staging \(hosts: db1, files1, monitor1\)/);
    const unsealed = await plan(["--stack", "prod", "--sealed-host", "db1", "--out", out, "--cwd", dir]);
    assert.equal(unsealed.code, 1);
    assert.match(unsealed.stderr, /stack prod seals no host files \(backup-remotes:hostKeys is not set\)/);
    const alone = await plan(["--stack", "staging", "--sealed-host", "db1", "--cwd", dir]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--sealed-host <host> and --out <file> go together/);
    assert.equal(existsSync(out), false, "nothing written");
});
