/**
 * `npm run rotate` end to end on copies of the example stacks: each step is
 * an edit of Pulumi.<env>.yaml that the real program then plans; refusals
 * write nothing; exit codes 0 / 1 / 2.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { parse } from "yaml";
import { runPlan } from "../../cli/plan/run";
import type { RemoteSummary } from "../../components/outputs";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { iniSections, mockId, root, today } from "./helpers";

const run = promisify(execFile);
execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root });

interface Result {
    code: number;
    stdout: string;
    stderr: string;
}

async function rotate(dir: string, ...args: string[]): Promise<Result> {
    try {
        const { stdout, stderr } = await run(process.execPath, [path.join(root, ".build/cli/rotate/main.js"), "--cwd", dir, ...args]);
        return { code: 0, stdout, stderr };
    } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
}

const dirs: string[] = [];
after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A project directory with the example stack (or `text` as its config). */
function project(stack: string, text?: string): { dir: string; file: string; read: () => string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotate-"));
    dirs.push(dir);
    fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, text ?? fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8"));
    return { dir, file, read: () => fs.readFileSync(file, "utf8") };
}

const generations = (text: string) =>
    (parse(text) as { config: Record<string, unknown> }).config["backup-remotes:keyGenerations"] as
        | Record<string, Record<string, { generation: number; issued?: string }[]>>
        | undefined;

function report(environment: string, sections: { section: string; generation?: number; statuses?: string[] }[]): string {
    return JSON.stringify({
        environment,
        runId: "r1",
        failed: sections.some((s) => (s.statuses ?? []).some((x) => x === "failed")),
        sections: sections.map((s) => ({
            section: s.section,
            role: "copy",
            provider: "aws",
            bucket: "b",
            prefix: "",
            runPath: "x",
            ...(s.generation !== undefined ? { generation: s.generation } : {}),
            checks: (s.statuses ?? ["ok", "refused", "ok"]).map((status, i) => ({
                check: ["list", "read", "write"][i] ?? "mkdir",
                status,
                detail: "",
                durationMs: 1,
            })),
        })),
    });
}

const users = async (dir: string, stack: string) => {
    const plan = await runPlan(stack, { projectDir: dir });
    return {
        plan,
        users: plan.resources
            .filter((r) => r.type === AWS_TYPES.user)
            .map((r) => r.name)
            .sort(),
    };
};

describe("rotate → pulumi up → retire, on the example stacks", () => {
    const p = project("staging");
    const pairs = 9;
    const sections = [
        "db-archive.db1",
        "files-mirror.files1",
        "restore-check.monitor1",
        "r2-db-archive.db1",
        "r2-files-mirror.files1",
        "r2-restore-check.monitor1",
        "b2-db-archive.db1",
        "b2-files-mirror.files1",
        "b2-restore-check.monitor1",
    ].map((s) => `staging-${s}`);

    it("rotate writes the next generation of every key, dated today, and changes nothing else in the file", async () => {
        const original = p.read();
        const r = await rotate(p.dir, "--stack", "staging");
        assert.equal(r.code, 0, r.stderr);
        const text = p.read();
        // The key goes after the last config key, before any trailing comment: without its block, the file is as it was.
        const lines = text.split("\n");
        const start = lines.indexOf("  backup-remotes:keyGenerations:");
        assert.ok(start > 0, "keyGenerations written");
        let end = start + 1;
        while (end < lines.length && /^ {4}/.test(lines[end]!)) end++;
        assert.equal([...lines.slice(0, start), ...lines.slice(end)].join("\n"), original, "every existing byte stays, in order");
        const g = generations(text)!;
        assert.equal(Object.values(g).flatMap((h) => Object.values(h)).length, pairs);
        assert.deepEqual(g["db-archive"], { db1: [{ generation: 1 }, { generation: 2, issued: today() }] });
        assert.match(r.stdout, /db-archive on db1: generation 2 issued \d{4}-\d{2}-\d{2} beside generation 1/);
        assert.match(r.stdout, /--retire --report report\.json/);
    });

    it("the plan then holds two identities per (credential, host) and the outputs point at the new ones", async () => {
        const { plan, users: u } = await users(p.dir, "staging");
        assert.deepEqual(u, [
            "db-archive-db1",
            "db-archive-db1-g2",
            "files-mirror-files1",
            "files-mirror-files1-g2",
            "restore-check-monitor1",
            "restore-check-monitor1-g2",
        ]);
        const identities = plan.resources.filter((r) => /(iam\/user:User|ApplicationKey|AccountToken)$/.test(r.type));
        assert.equal(identities.length, 2 * pairs);
        const ini = iniSections(plan.outputs.rcloneConfig.value);
        assert.equal(ini["staging-files-mirror.files1"]!.access_key_id, mockId(plan, AWS_TYPES.accessKey, "files-mirror-files1-g2-key"));
        assert.ok((plan.outputs.remotes.value as RemoteSummary[]).every((s) => s.generation === 2));
    });

    it("rotating again before retiring is refused, naming the keys, and writes nothing", async () => {
        const before = p.read();
        const r = await rotate(p.dir, "--stack", "staging", "--credential", "db-archive");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /db-archive on db1 is already rotating \(generations 1 and 2\): retire generation 1 first/);
        assert.match(r.stderr, /nothing was written/);
        assert.equal(p.read(), before);
    });

    it("retire with a failing report is refused naming the sections, and writes nothing", async () => {
        const before = p.read();
        const file = path.join(p.dir, "failing.json");
        fs.writeFileSync(
            file,
            report(
                "staging",
                sections
                    .map((section, i) => ({ section, generation: 2, statuses: i === 1 ? ["ok", "ok", "failed"] : i === 4 ? ["ok", "not-run"] : undefined }))
                    .filter((_, i) => i !== 7),
            ),
        );
        const r = await rotate(p.dir, "--stack", "staging", "--retire", "--report", file);
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stderr, /does not show the new key generation passing for 3 sections/);
        assert.match(r.stderr, /staging-files-mirror\.files1 \(generation 2 of files-mirror on files1\): write: failed/);
        assert.match(r.stderr, /staging-r2-files-mirror\.files1 \(generation 2 of r2-files-mirror on files1\): read: not-run/);
        assert.match(r.stderr, /staging-b2-files-mirror\.files1 \(generation 2 of b2-files-mirror on files1\): not in the report/);
        assert.equal(p.read(), before);
    });

    it("retire refuses a report that does not say it tested the new generation (made before pulumi up)", async () => {
        const before = p.read();
        const file = path.join(p.dir, "stale.json");
        fs.writeFileSync(
            file,
            report(
                "staging",
                sections.map((section, i) => ({ section, ...(i === 0 ? { generation: 1 } : i === 2 ? {} : { generation: 2 }) })),
            ),
        );
        const r = await rotate(p.dir, "--stack", "staging", "--retire", "--report", file);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /staging-db-archive\.db1 .*: the report tested generation 1, not 2: run the post-deploy test after `pulumi up`/);
        assert.match(r.stderr, /staging-restore-check\.monitor1 .*: the report does not say which key generation it tested \(sections\[\]\.generation\)/);
        fs.writeFileSync(
            file,
            report(
                "prod",
                sections.map((section) => ({ section, generation: 2 })),
            ),
        );
        assert.match((await rotate(p.dir, "--stack", "staging", "--retire", "--report", file)).stderr, /the report is of environment "prod", not "staging"/);
        assert.equal(p.read(), before);
    });

    it("retire with a passing report leaves one identity per (credential, host): the new one", async () => {
        const file = path.join(p.dir, "passing.json");
        fs.writeFileSync(
            file,
            report(
                "staging",
                sections.map((section) => ({ section, generation: 2, statuses: ["ok", "refused", "warning"] })),
            ),
        );
        const r = await rotate(p.dir, "--stack", "staging", "--retire", "--report", file);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /db-archive on db1: generation 1 retired/);
        assert.deepEqual(generations(p.read())!["db-archive"], { db1: [{ generation: 2, issued: today() }] });
        const { users: u } = await users(p.dir, "staging");
        assert.deepEqual(u, ["db-archive-db1-g2", "files-mirror-files1-g2", "restore-check-monitor1-g2"]);
        const again = await rotate(p.dir, "--stack", "staging", "--retire", "--report", file);
        assert.equal(again.code, 0);
        assert.match(again.stdout, /nothing to retire/);
    });
});

describe("rotate on a config whose key in use has expired", () => {
    it("issues the next generation (the plan refuses the expired key; rotate is how it is fixed), and the result plans", async () => {
        const expired = `
  backup-remotes:keyGenerations:
    db-archive:
      db1: [{ generation: 2, issued: "2020-01-01" }]
`;
        const text =
            fs
                .readFileSync(path.join(root, "Pulumi.staging.yaml"), "utf8")
                .replace("  backup-remotes:credentials:\n    db-archive:\n", "  backup-remotes:credentials:\n    db-archive:\n      maxKeyAgeDays: 30\n") +
            expired.replace(/^\n/, "");
        const p = project("staging", text);
        await assert.rejects(
            runPlan("staging", { projectDir: p.dir }),
            /keyGenerations\.db-archive\.db1\[0\]\.issued: generation 2, the key in use on host "db1", expired on 2020-02-14/,
        );
        const r = await rotate(p.dir, "--stack", "staging", "--credential", "db-archive");
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(generations(p.read())!["db-archive"], {
            db1: [
                { generation: 2, issued: "2020-01-01" },
                { generation: 3, issued: today() },
            ],
        });
        await runPlan("staging", { projectDir: p.dir });
    });
});

describe("rotate --retire --force (a leaked key)", () => {
    it("retires without the proof and says exactly what it skipped", async () => {
        const p = project("prod");
        assert.equal((await rotate(p.dir, "--stack", "prod", "--credential", "db-archive", "--host", "db2")).code, 0);
        const forced = await rotate(p.dir, "--stack", "prod", "--retire", "--force");
        assert.equal(forced.code, 0, forced.stderr);
        assert.match(
            forced.stderr,
            /--force: not checking a post-deploy report; prod-db-archive\.db2 \(generation 2\) has not been proven to work, and hosts that have not pulled the new keys lose access/,
        );
        assert.deepEqual(generations(p.read()), { "db-archive": { db2: [{ generation: 2, issued: today() }] } });
    });
});

describe("rotate --revoke --host", () => {
    it("takes the host out of every credential with its key generations, in one change", async () => {
        const p = project("prod");
        await rotate(p.dir, "--stack", "prod", "--credential", "db-archive");
        const r = await rotate(p.dir, "--stack", "prod", "--revoke", "--host", "db2");
        assert.equal(r.code, 0, r.stderr);
        const config = (parse(p.read()) as { config: Record<string, Record<string, { hosts: string[] }>> }).config;
        for (const c of ["db-archive", "r2-db-archive", "b2-db-archive"]) assert.deepEqual(config["backup-remotes:credentials"]![c]!.hosts, ["db1"]);
        // db2 holds no key any more, so its addresses go with it; the other hosts keep theirs.
        assert.deepEqual(Object.keys(config["backup-remotes:hostAddresses"]!).sort(), ["db1", "files1", "monitor1"]);
        assert.deepEqual(generations(p.read()), { "db-archive": { db1: [{ generation: 1 }, { generation: 2, issued: today() }] } });
        assert.match(r.stdout, /db-archive on db2: revoked \(`pulumi up` deletes generation 1 and 2\)/);
        const { users: u } = await users(p.dir, "prod");
        assert.ok(!u.some((n) => n.includes("db2")), u.join(", "));
    });

    it("refuses to leave a credential without hosts, and writes nothing", async () => {
        const p = project("prod");
        const before = p.read();
        const r = await rotate(p.dir, "--stack", "prod", "--revoke", "--host", "monitor1");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /restore-check: monitor1 is its only host, and a credential needs one/);
        assert.equal(p.read(), before);
    });
});

describe("refusals and usage", () => {
    it("exit 2 for usage mistakes, 1 for names the config does not have, nothing written", async () => {
        const p = project("staging");
        const before = p.read();
        for (const args of [
            [],
            ["--stack", "staging", "--retire"],
            ["--stack", "staging", "--report", "x.json"],
            ["--stack", "staging", "--revoke"],
            ["--stack", "staging", "--retire", "--revoke", "--host", "db1", "--force"],
            ["--stack", "nosuch"],
            ["--stack", "staging", "--bogus"],
        ]) {
            const r = await rotate(p.dir, ...args);
            assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
        }
        const unknown = await rotate(p.dir, "--stack", "staging", "--credential", "nope");
        assert.equal(unknown.code, 1);
        assert.match(unknown.stderr, /--credential nope: not a credential of staging \(credentials: db-archive, files-mirror/);
        assert.equal((await rotate(p.dir, "--stack", "staging", "--host", "db9")).code, 1);
        assert.equal(p.read(), before);
        assert.match(
            (await rotate(p.dir, "--help")).stdout,
            /Exit codes: 0 changed \(or nothing to do\), 1 refused or invalid config\/report \(nothing written\), 2 usage/,
        );
    });

    it("refuses a change the config schema would refuse (a generation's name too long for IAM), writing nothing", async () => {
        const host = "h".repeat(64 - "backup-staging-db-archive-".length);
        const p = project("staging", fs.readFileSync(path.join(root, "Pulumi.staging.yaml"), "utf8").replace("hosts: [db1]", `hosts: [${host}]`));
        const before = p.read();
        const r = await rotate(p.dir, "--stack", "staging", "--credential", "db-archive");
        assert.equal(r.code, 1);
        assert.match(
            r.stderr,
            /after the change is invalid:\n {2}- backup-remotes:keyGenerations\.db-archive\.h+: IAM user name "backup-staging-db-archive-h+-g2" is 67 characters/,
        );
        assert.equal(p.read(), before);
    });

    it("refuses to start from an invalid config", async () => {
        const p = project("staging", fs.readFileSync(path.join(root, "Pulumi.staging.yaml"), "utf8").replace("role: copy", "role: copi"));
        const before = p.read();
        const r = await rotate(p.dir, "--stack", "staging");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /Pulumi\.staging\.yaml is invalid:\n {2}- backup-remotes:credentials\.db-archive\.role: role must be one of copy, sync, verify/);
        assert.equal(p.read(), before);
    });
});
