/**
 * The README's quick start, followed as written: its ```sh blocks are read from README.md
 * (so editing the README changes what is run) and each line runs with /bin/sh, in order, in a
 * fresh checkout (this repository's files linked into a temp dir, its own Pulumi.staging.yaml
 * and .build/). The host's paths (/etc/backup-remotes, /etc/rclone, /backup) are moved into the
 * temp dir; nothing else in a line changes.
 *
 * What cannot run here is named, line by line, with the reason (SKIPPED): a new line the test
 * cannot run fails until someone runs it or adds it there. `pulumi up` is the deploy: instead,
 * what it would create is created on radosgw (the planned buckets, one role session per
 * section holding its generated policy), and `pulumi stack output` answers from that
 * deployment (a stand-in script: the Pulumi CLI and its state do not exist here). Everything
 * else is the real thing: the plan and deployer-policy commands, Debian's age, the
 * post-deploy command against radosgw, the real rclone running the job line.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it, test } from "node:test";
import { parseDocument } from "yaml";
import { runPlan } from "../../cli/plan/run";
import { readStackConfig } from "../../cli/plan/stack-config";
import { rcloneEnv } from "../../cli/shared/rclone";
import { SOURCE_PLACEHOLDER } from "../../components/rclone/host-job";
import { ageDecrypt, ageKeygen } from "../support/age";
import { deployToRgw } from "../support/contract/deploy";
import { deployKeys } from "../support/contract/host-file";
import { adminConfigText, keysUnder, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";

const REPO = join(__dirname, "..", "..");
const README = readFileSync(join(REPO, "README.md"), "utf8");
const BUCKET = "acme-backup-staging-main";

/** The quick start's lines that cannot run here, each with why: the test asserts these are exactly the ones it skips. */
const SKIPPED: Readonly<Record<string, string>> = {
    "apt-get install age rclone": "installs Debian packages as root; scripts/install-test-deps.sh installed them before the tests",
    "npm ci": "the checkout's node_modules are the ones scripts/test.sh installed with `npm ci` before the tests",
    "pulumi up -s staging --policy-pack policies":
        "needs the Pulumi CLI and an AWS account: what it creates is created on radosgw instead (buckets, one role session per section)",
};

/** What the `pulumi` stand-in answers (arguments → output file): `pulumi stack output` of the radosgw deployment. */
const PULUMI_ANSWERS: Readonly<Record<string, string>> = {
    "stack output --json --show-secrets --stack staging": "outputs.json",
    "stack output sealedHosts --stack staging --json": "sealed-hosts.json",
};

/** Every line of the ```sh blocks under "## Quick start", in order (a trailing `\` joins lines). */
export function quickStartLines(readme: string): string[] {
    const start = readme.indexOf("\n## Quick start\n");
    assert.ok(start >= 0, 'README.md has no "## Quick start" section');
    const rest = readme.slice(start + 1);
    const end = rest.indexOf("\n## ");
    const lines: string[] = [];
    let inBlock = false;
    let pending = "";
    for (const raw of (end < 0 ? rest : rest.slice(0, end)).split("\n")) {
        const line = raw.trim();
        if (!inBlock && /^```(sh|bash)$/.test(line)) inBlock = true;
        else if (inBlock && line === "```") inBlock = false;
        else if (inBlock && line !== "") {
            if (line.endsWith("\\")) pending += line.slice(0, -1);
            else {
                lines.push(pending + line);
                pending = "";
            }
        }
    }
    return lines;
}

interface Run {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
    return new Promise((resolve) => {
        execFile("/bin/sh", ["-c", line], { cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
            resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }),
        );
    });
}

/** A fresh checkout: this repository's files linked in, except what the quick start writes (config, .build). */
function checkout(dir: string): void {
    mkdirSync(dir);
    const own = new Set([".git", ".build", ".tmp", "dist", "reports", "Pulumi.staging.yaml"]);
    for (const name of readdirSync(REPO).filter((n) => !own.has(n))) symlinkSync(join(REPO, name), join(dir, name));
}

/** The host's directories, moved under `root`: the one change made to a line. */
function hostPaths(line: string, root: string): string {
    const moved = line.replace(/(?<=^|[\s'"=])\/(etc\/backup-remotes|etc\/rclone|backup)(?=[/\s;]|$)/g, (_, p: string) => join(root, p));
    assert.doesNotMatch(moved, /(?<=^|[\s'"=])\/(etc|var|srv|root|home|opt)\//, `a host path the test does not move: ${line}`);
    return moved;
}

/**
 * The Config step, as a user does it: Pulumi.staging.yaml with the remotes this machine can stand in
 * for (AWS's, on radosgw) and each host's public key, db1's from its `age-keygen` line.
 */
function writeConfig(dir: string, db1Recipient: string, keysDir: string): void {
    const doc = parseDocument(readFileSync(join(REPO, "Pulumi.staging.yaml"), "utf8"));
    const remotes = doc.getIn(["config", "backup-remotes:remotes"]) as { items: { key: { value: string }; value: { get(k: string): unknown } }[] };
    const aws = new Set(remotes.items.filter((r) => r.value.get("provider") === "aws").map((r) => r.key.value));
    for (const r of remotes.items.filter((x) => !aws.has(x.key.value))) doc.deleteIn(["config", "backup-remotes:remotes", r.key.value]);
    const credentials = doc.getIn(["config", "backup-remotes:credentials"]) as { items: { key: { value: string }; value: { get(k: string): unknown } }[] };
    const hosts = new Set<string>();
    for (const c of [...credentials.items]) {
        if (!aws.has(String(c.value.get("remote")))) doc.deleteIn(["config", "backup-remotes:credentials", c.key.value]);
        else for (const h of (c.value.get("hosts") as { items: { value: string }[] }).items) hosts.add(h.value);
    }
    const hostKeys = Object.fromEntries([...hosts].sort().map((h) => [h, h === "db1" ? db1Recipient : ageKeygen(keysDir, h).recipient]));
    doc.setIn(["config", "backup-remotes:hostKeys"], hostKeys);
    writeFileSync(join(dir, "Pulumi.staging.yaml"), doc.toString());
}

/** `pulumi` for `stack output` only, from files the deployment writes; anything else is refused. */
function pulumiStandIn(bin: string, answers: string, log: string): void {
    mkdirSync(bin);
    const cases = Object.entries(PULUMI_ANSWERS).map(([args, file]) => `  "${args}") exec cat "${join(answers, file)}";;`);
    writeFileSync(
        join(bin, "pulumi"),
        [
            "#!/bin/sh",
            `printf '%s\\n' "$*" >> "${log}"`,
            'case "$*" in',
            ...cases,
            "esac",
            'echo "pulumi (stand-in of the quick-start test): \\"$*\\" does not run here" >&2',
            "exit 127",
            "",
        ].join("\n"),
    );
    chmodSync(join(bin, "pulumi"), 0o755);
}

test("the quick start's skip list names only lines the README shows", () => {
    const lines = quickStartLines(README);
    assert.deepEqual(
        Object.keys(SKIPPED).filter((l) => !lines.includes(l)),
        [],
        "SKIPPED names lines the quick start no longer has",
    );
});

describe("README quick start, followed verbatim (radosgw for AWS)", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let tmp: string;

    before(async () => {
        server = await startRgw();
        tmp = mkdtempSync(join(tmpdir(), "quick-start-"));
    });

    after(async () => {
        await server?.stop();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    it("every line runs and does what the step says, except the named skipped ones", { timeout: 600_000 }, async () => {
        const dir = join(tmp, "checkout");
        const host = join(tmp, "host");
        const answers = join(tmp, "pulumi-state");
        const pulumiLog = join(tmp, "pulumi-calls.log");
        checkout(dir);
        mkdirSync(answers);
        pulumiStandIn(join(tmp, "bin"), answers, pulumiLog);
        const env = { ...rcloneEnv(), PATH: [join(tmp, "bin"), dirname(process.execPath), process.env.PATH].join(":") };
        const hostKey = join(host, "etc", "backup-remotes", "age.key");
        const installed = join(host, "etc", "rclone", "staging.conf");
        const lines = quickStartLines(README);
        const done = new Set<string>();
        const skipped: string[] = [];
        let jobLines: string[] = [];

        // The parts of a step that are not a command: what the user edits or has, and what `pulumi up` creates.
        const beforeLine: { when: (l: string) => boolean; what: string; run: () => Promise<void> | void }[] = [
            {
                what: "config",
                when: (l) => l.startsWith("npm run plan "),
                run: () => {
                    const recipient = /public key: (age1[0-9a-z]+)/i.exec(readFileSync(hostKey, "utf8"))?.[1];
                    assert.ok(recipient, "the age-keygen line wrote no key");
                    writeConfig(dir, recipient, tmp);
                },
            },
            {
                what: "admin config",
                when: (l) => l.includes("--admin-config admin.conf"),
                run: () => writeFileSync(join(dir, "admin.conf"), adminConfigText(server), { mode: 0o600 }),
            },
            {
                what: "backup source",
                when: (l) => l.startsWith("rclone ") && l.includes(" /backup/db "),
                run: () => {
                    mkdirSync(join(host, "backup", "db"), { recursive: true });
                    writeFileSync(join(host, "backup", "db", "db-2026-12-01.dump"), randomBytes(64 * 1024));
                    writeFileSync(join(host, "backup", "db", "db-2026-12-01.sql"), "small\n");
                },
            },
        ];
        const deploy = async (): Promise<void> => {
            const plan = await runPlan("staging", { config: readStackConfig(dir, "staging") });
            const deployed = await deployToRgw(server, plan);
            writeFileSync(join(answers, "outputs.json"), JSON.stringify(deployed.outputs));
            // db1's sealed file with the deployed keys: the plan's file (step "Plan"), keys filled in, sealed again to db1.
            const planned = await ageDecrypt(hostKey, join(dir, "db1.age"));
            assert.equal(planned.code, 0, planned.stderr);
            const keys = Object.fromEntries(deployed.outputs.hosts.db1!.sections.map((s) => [s.name, s.options]));
            writeFileSync(join(answers, "db1.conf"), deployKeys(planned.stdout, keys, server.endpoint));
            const recipient = readStackConfig(dir, "staging").values["backup-remotes:hostKeys"]!;
            const sealed = await sh(`age -a -r ${JSON.parse(recipient).db1 as string} db1.conf`, answers, env);
            assert.equal(sealed.code, 0, sealed.stderr);
            writeFileSync(join(answers, "sealed-hosts.json"), JSON.stringify({ db1: sealed.stdout }));
            done.add("deploy");
        };

        for (const line of lines) {
            if (SKIPPED[line] !== undefined) {
                skipped.push(line);
                if (line.startsWith("pulumi up ")) await deploy();
                continue;
            }
            for (const hook of beforeLine.filter((h) => !done.has(h.what) && h.when(line))) {
                await hook.run();
                done.add(hook.what);
            }
            const ran = await sh(hostPaths(line, host), dir, env);
            assert.equal(ran.code, 0, `README quick start: \`${line}\` exited ${ran.code}:\n${ran.stderr}`);
            if (line.startsWith("sed -n 's/^# job: //p'")) jobLines = ran.stdout.trim().split("\n");
        }

        assert.deepEqual(skipped, Object.keys(SKIPPED), "the lines skipped are exactly the listed ones");
        assert.deepEqual([...done].sort(), ["admin config", "backup source", "config", "deploy"], "every step the test stands in for was reached");
        assert.deepEqual(
            readFileSync(pulumiLog, "utf8").trim().split("\n").sort(),
            Object.keys(PULUMI_ANSWERS).sort(),
            "the commands asked `pulumi stack output` what a deployed stack answers, each once",
        );

        // Host: installed from the deployed file, only root may read it, nothing left in .new.
        assert.equal(statSync(installed).mode & 0o777, 0o600);
        assert.match(readFileSync(installed, "utf8"), new RegExp(`^endpoint = ${server.endpoint}$`, "m"));
        assert.deepEqual(readdirSync(dirname(installed)), ["staging.conf"]);
        // First backup job: the README's line is the one the file gives, and it uploaded the dumps.
        const job = lines.find((l) => l.startsWith("rclone --config "));
        assert.ok(job, "the quick start shows no job line");
        assert.ok(jobLines.includes(job.replace(" /backup/db ", ` ${SOURCE_PLACEHOLDER} `)), `${job}\nis not a job line of the file:\n${jobLines.join("\n")}`);
        assert.deepEqual(await keysUnder(server, BUCKET, "db/"), ["db/db-2026-12-01.dump", "db/db-2026-12-01.sql"]);
    });
});
