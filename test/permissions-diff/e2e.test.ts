/**
 * permissions:diff end to end over a temporary git repository holding this
 * project: a base commit, a commit that changes a stack config, then an
 * uncommitted change to the permission model itself. Real git, the real
 * offline plans (each tree's own code under Pulumi mocks).
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test, type TestContext } from "node:test";
import type { DiffReportJson } from "../../cli/permissions-diff/render";

const REPO = resolve(__dirname, "..", "..");
const MAIN = join(REPO, "cli", "permissions-diff", "main.ts");
const PROJECT_FILES = [
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "Pulumi.yaml",
    "Pulumi.staging.yaml",
    "Pulumi.prod.yaml",
    "index.ts",
    "components",
    "cli",
    "scripts",
    "sdks",
];

function git(dir: string, ...args: string[]): string {
    return execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", ...args], {
        cwd: dir,
    }).toString();
}

function diff(dir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolvePromise) => {
        const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--cwd", dir, ...args], { cwd: REPO });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
    });
}

/** A git repository holding a copy of the project (node_modules linked), its first commit "base"; removed after the test. */
function projectRepo(t: TestContext): string {
    const dir = mkdtempSync(join(tmpdir(), "permissions-diff-repo-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    for (const f of PROJECT_FILES) cpSync(join(REPO, f), join(dir, f), { recursive: true });
    symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(join(dir, ".gitignore"), "node_modules\n.build/\n");
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
    return dir;
}

function edit(file: string, from: string, to: string): void {
    const text = readFileSync(file, "utf8");
    assert.ok(text.includes(from), `fixture drifted: ${file} no longer contains ${JSON.stringify(from)}`);
    writeFileSync(file, text.replace(from, to));
}

test("permissions:diff over a git repository: a config commit, then an uncommitted model change", async (t) => {
    const dir = projectRepo(t);

    // Commit 2: staging gives db-archive to a second host and turns versioning off.
    const staging = join(dir, "Pulumi.staging.yaml");
    edit(staging, "      prefix: db/\n      hosts: [db1]", "      prefix: db/\n      hosts: [db1, db2]");
    edit(staging, "      region: eu-west-1\n      lifecycle:", "      region: eu-west-1\n      versioning: false\n      lifecycle:");
    git(dir, "commit", "-q", "-am", "staging: db2, no versioning");

    const first = await diff(dir, "--base", "HEAD~1");
    assert.equal(first.code, 0, first.stderr);
    const md = first.stdout;
    assert.ok(md.indexOf("### ⚠️ Escalations") < md.indexOf("### staging"), md);
    assert.match(md, /- \*\*staging\*\*: `db-archive` issued to new host\(s\) db2 \(a new key each\)/);
    assert.match(md, /- \*\*staging\*\*: `aws-main` versioning enabled → suspended: overwrites and deletes can no longer be undone/);
    assert.match(md, /### prod\n\nNo permission changes\./);
    assert.doesNotMatch(md, /\*\*prod\*\*/);

    // Uncommitted: the model gives copy the read capability. No config changed, yet both stacks must show it:
    // each side is computed with its own code.
    edit(join(dir, "components", "permissions", "roles.ts"), 'copy: ["list", "write"],', 'copy: ["list", "read", "write"],');
    const second = await diff(dir, "--base", "HEAD", "--json");
    assert.equal(second.code, 0, second.stderr);
    const report = JSON.parse(second.stdout) as DiffReportJson;
    assert.equal(report.base, "HEAD");
    assert.equal(report.head, "working tree");
    const gained = report.environments.map((e) => [e.environment, e.escalations.filter((c) => c.kind === "capability-gained").map((c) => c.summary)]);
    assert.deepEqual(gained, [
        // Every copy credential gains read, except R2's, which already reads (its documented deviation).
        ["staging", ["`b2-db-archive` can now read (was denied)", "`db-archive` can now read (was denied)"]],
        ["prod", ["`b2-db-archive` can now read (was denied)", "`db-archive` can now read (was denied)"]],
    ]);
});

test("permissions:diff reads expiry from the resources: R2 tokens.expiresOn and B2 keyLifetimeDays; --fail-on-escalation exits 1 on them", async (t) => {
    const dir = projectRepo(t);
    const prod = join(dir, "Pulumi.prod.yaml");
    // Base: prod's R2 tokens expire at the end of 2027.
    edit(prod, "      tokens:\n", '      tokens:\n        expiresOn: "2027-12-31T00:00:00Z"\n');
    git(dir, "commit", "-q", "-am", "prod: R2 tokens expire");

    // Uncommitted: the tokens live until 2099, the B2 keys no longer expire.
    edit(prod, 'expiresOn: "2027-12-31T00:00:00Z"', 'expiresOn: "2099-12-31T00:00:00Z"');
    edit(prod, "      keyLifetimeDays: 365\n", "");
    const gated = await diff(dir, "--base", "HEAD", "--stacks", "prod", "--fail-on-escalation");
    assert.equal(gated.code, 1, gated.stderr);
    const md = gated.stdout;
    assert.match(md, /\*\*2 escalations\*\*/);
    assert.match(
        md,
        /- \*\*prod\*\*: tokens of `r2-db-archive` \(db1, db2\), `r2-files-mirror` \(files1\) and `r2-restore-check` \(monitor1\): `expiresOn` `2027-12-31T00:00:00Z` → `2099-12-31T00:00:00Z`: expires later/,
    );
    assert.match(
        md,
        /- \*\*prod\*\*: application keys of `b2-db-archive` \(db1, db2\), .*: `validDurationInSeconds` 31536000 \(365 days\) → never: no longer expires/,
    );
    assert.match(
        md,
        /### prod\n\n- `pulumi up` replaces 4 live keys of `b2-vault` \(`b2-db-archive` on db1, db2; `b2-files-mirror` on files1; `b2-restore-check` on monitor1\): the provider cannot change `validDurationInSeconds` in place; hosts must fetch their config again\n/,
    );

    // Without the flag the same diff exits 0 (reviewers judge it); as JSON, each change has its kind.
    const json = await diff(dir, "--base", "HEAD", "--stacks", "prod", "--json");
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as DiffReportJson;
    assert.deepEqual(
        report.environments[0]!.escalations.map((c) => c.kind),
        ["input-widened", "input-widened"],
    );
    assert.deepEqual(
        report.environments[0]!.changes.map((c) => [c.kind, c.subject]),
        [["keys-replaced", "b2-vault"]],
    );

    // A reduction is no escalation: the flag lets it pass.
    git(dir, "checkout", "-q", "--", "Pulumi.prod.yaml");
    edit(prod, 'expiresOn: "2027-12-31T00:00:00Z"', 'expiresOn: "2027-06-30T00:00:00Z"');
    const sooner = await diff(dir, "--base", "HEAD", "--stacks", "prod", "--fail-on-escalation");
    assert.equal(sooner.code, 0, sooner.stderr);
    assert.match(sooner.stdout, /### prod\n\n- tokens of .*`expiresOn` `2027-12-31T00:00:00Z` → `2027-06-30T00:00:00Z`: expires sooner\n/);
    assert.doesNotMatch(sooner.stdout, /Escalations/);
});

test("permissions:diff with a base that is not a commit names it and what to do (usage, exit 2)", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "permissions-diff-repo-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    git(dir, "init", "-q");
    const run = await diff(dir, "--base", "no-such-branch");
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--base no-such-branch: not a commit in .*; fetch it first \(in CI: actions\/checkout with fetch-depth: 0\)/);
});

test("permissions:diff on a working-tree stack file with a YAML mistake: exit 1, the plan's message, no stack frames", async (t) => {
    const dir = projectRepo(t);
    edit(join(dir, "Pulumi.staging.yaml"), "  backup-remotes:environment: staging", "\tbackup-remotes:environment: staging");

    const run = await diff(dir, "--base", "HEAD", "--stacks", "staging");
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(
        run.stderr,
        /permissions:diff: error: offline plan of staging at working tree failed:\n {2}plan: error: .*Pulumi\.staging\.yaml: not valid YAML: line \d+, column 1: Tabs are not allowed as indentation/,
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /, "stack frames were printed");
});

test("permissions:diff: a mistyped flag exits 2 naming it; --help exits 0 and states the exit codes", async () => {
    const typo = await diff(REPO, "--base", "HEAD", "--jsn");
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /^permissions:diff: error: unknown option '--jsn'/);
    const help = await diff(REPO, "--help");
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /Exit codes.*\n\s+0 {2}ok\n\s+1 {2}findings or invalid input: a stack's offline plan failed(.*\n)*\s+2 {2}usage: /);
    assert.match(help.stdout, /--fail-on-escalation\s+exit 1 when the diff has at least one escalation/);
});
