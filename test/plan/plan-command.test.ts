import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { MOCK_SECRET_PREFIX } from "../../cli/plan/mocks";
import { displayWidth } from "../../cli/plan/text-layout";
import { OFFLINE_TOKEN_STAND_IN } from "../../components/providers/r2/mocks";
import { readStackConfig } from "../../cli/plan/stack-config";
import type { PermissionEntry } from "../../components/outputs";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..", "..");

// The command as `npm run plan` runs it: transpiled once, then plain node.
execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root });

/** The environment without any Cloudflare credential: the plan must not need one. */
const noCloudflare = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CLOUDFLARE_")));

async function plan(args: string[], cwd = root, env: NodeJS.ProcessEnv = noCloudflare): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const { stdout, stderr } = await run(process.execPath, [path.join(root, ".build/cli/plan/main.js"), ...args], { cwd, env, maxBuffer: 64 << 20 });
        return { code: 0, stdout, stderr };
    } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
}

interface PlanJson {
    stack: string;
    resources: { type: string; name: string; parent: string | null; protect: boolean; inputs: Record<string, unknown> }[];
    outputs: { rcloneConfig: unknown; hosts: unknown; remotes: unknown[]; permissions: PermissionEntry[] };
    sections: { name: string; options: Record<string, string> }[];
}

for (const stack of ["staging", "prod"]) {
    describe(`npm run plan -- --stack ${stack} --json`, () => {
        let result: PlanJson;
        let raw = "";
        it("exits 0 and prints one JSON object for the stack", async () => {
            const r = await plan(["--stack", stack, "--json"]);
            assert.equal(r.code, 0, r.stderr);
            raw = r.stdout;
            result = JSON.parse(raw) as PlanJson;
            assert.equal(result.stack, stack);
        });

        it("holds no secret value, only [secret] marks", () => {
            assert.ok(!raw.includes(MOCK_SECRET_PREFIX), "a mocked secret leaked into the plan");
            assert.equal(result.outputs.rcloneConfig, "[secret]");
            assert.equal(result.outputs.hosts, "[secret]");
            for (const s of result.sections) assert.equal(s.options.secret_access_key ?? "[secret]", "[secret]", s.name);
        });

        it("shows versioned, lifecycle-managed, encrypted, public-access-blocked buckets", () => {
            const buckets = result.resources.filter((r) => r.type === "aws:s3/bucket:Bucket");
            assert.ok(buckets.length >= 1);
            for (const b of buckets) {
                const kids = result.resources.filter((r) => r.inputs.bucket === b.inputs.bucket);
                const kind = (t: string) => kids.filter((k) => k.type === t);
                assert.equal(kind("aws:s3/bucketVersioning:BucketVersioning").length, 1, `${b.name} versioning`);
                assert.deepEqual(kind("aws:s3/bucketVersioning:BucketVersioning")[0]!.inputs.versioningConfiguration, { status: "Enabled" });
                assert.equal(kind("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").length, 1, `${b.name} lifecycle`);
                assert.equal(kind("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").length, 1, `${b.name} encryption`);
                assert.equal(kind("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").length, 1, `${b.name} public access block`);
                assert.equal(b.protect, stack === "prod", `${b.name} protect`);
                assert.ok(String(b.inputs.bucket).split("-").includes(stack), "bucket named for its environment");
            }
        });

        it("issues one IAM user + inline policy + access key per credential and host", () => {
            const count = (t: string) => result.resources.filter((r) => r.type === t).length;
            const expected = result.outputs.permissions.filter((p) => p.provider === "aws").reduce((n, p) => n + p.hosts.length, 0);
            assert.ok(expected >= 3);
            assert.equal(count("aws:iam/user:User"), expected);
            assert.equal(count("aws:iam/userPolicy:UserPolicy"), expected);
            assert.equal(count("aws:iam/accessKey:AccessKey"), expected);
        });

        it("has at least one credential of every role", () => {
            const roles = new Set(result.outputs.permissions.map((p) => p.role));
            assert.deepEqual([...roles].sort(), ["copy", "sync", "verify"]);
        });
    });
}

describe("npm run plan: the text's width", () => {
    const wider = (text: string, width: number) => text.split("\n").filter((l) => displayWidth(l) > width);
    /** As piped with no COLUMNS in the environment (whatever the shell running the tests exports). */
    const unset = Object.fromEntries(Object.entries(noCloudflare).filter(([k]) => k !== "COLUMNS"));

    it("keeps within 100 columns when piped, and within COLUMNS when that is narrower; --json is the same at any width", async () => {
        const piped = await plan(["--stack", "prod"], root, unset);
        const narrow = await plan(["--stack", "prod"], root, { ...unset, COLUMNS: "60" });
        for (const r of [piped, narrow]) assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(wider(piped.stdout, 100), []);
        assert.ok(wider(piped.stdout, 80).length > 0, "piped, the text uses its 100 columns");
        assert.deepEqual(wider(narrow.stdout, 60), []);
        const json = await plan(["--stack", "prod", "--json"], root, unset);
        const narrowJson = await plan(["--stack", "prod", "--json"], root, { ...unset, COLUMNS: "60" });
        assert.equal(narrowJson.stdout, json.stdout);
    });

    it("says on stderr that a COLUMNS which is not a width is ignored, and prints the plan at 100 columns", async () => {
        const r = await plan(["--stack", "staging"], root, { ...unset, COLUMNS: "wide" });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, 'plan: warning: COLUMNS="wide" is not a width (a whole number of columns, e.g. 80): using 100\n');
        assert.deepEqual(wider(r.stdout, 100), []);
        assert.match(r.stdout, /\nNext \(docs\/deploying\.md\):\n {2}pulumi preview -s staging --policy-pack policies\n/);
    });
});

describe("npm run plan: errors", () => {
    it("exits non-zero and lists the config errors when the config is invalid", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-invalid-"));
        fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        // A staging config copied into prod unchanged: the failure SREs have been burned by.
        fs.copyFileSync(path.join(root, "Pulumi.staging.yaml"), path.join(dir, "Pulumi.prod.yaml"));
        const r = await plan(["--stack", "prod", "--cwd", dir]);
        assert.equal(r.code, 1);
        assert.equal(r.stdout, "");
        assert.match(r.stderr, /invalid configuration for stack "prod"/);
        assert.match(r.stderr, /backup-remotes:environment: is "staging" but the stack is "prod"/);
        assert.match(r.stderr, /backup-remotes:tier: "test" is refused for environment "prod": its name says production/);
        assert.match(r.stderr, /backup-remotes:remotes\.aws-main\.bucket: "acme-backup-staging-main" must contain the environment name "prod"/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace for a config error");
    });

    it("names the stacks that exist when --stack names none (usage, exit 2)", async () => {
        const r = await plan(["--stack", "qa"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--stack qa: no Pulumi\.qa\.yaml in .* \(stacks: prod, staging\)/);
    });

    it("exits 2 for a mistyped or missing flag and a --cwd that is not a directory, naming it", async () => {
        const typo = await plan(["--stack", "staging", "--jsn"]);
        assert.equal(typo.code, 2);
        assert.match(typo.stderr, /^plan: error: unknown option '--jsn'/);
        const missing = await plan([]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /required option '--stack <name>' not specified/);
        const cwd = await plan(["--stack", "staging", "--cwd", path.join(os.tmpdir(), "no-such-project-dir")]);
        assert.equal(cwd.code, 2);
        assert.match(cwd.stderr, /--cwd .*no-such-project-dir: cannot list the project directory: no such file or directory/);
        for (const r of [typo, missing, cwd]) assert.doesNotMatch(r.stderr, /\n\s+at /);
    });

    it("--help exits 0 and states the exit codes", async () => {
        const r = await plan(["--help"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Exit codes.*\n\s+0 {2}ok\n\s+1 {2}findings or invalid input: an invalid stack file or config(.*\n)*\s+2 {2}usage: /);
    });
});

describe("the example stack files are deployable as they are", () => {
    for (const stack of ["staging", "prod"]) {
        it(`Pulumi.${stack}.yaml holds no secure: value (no ciphertext another Pulumi could not decrypt)`, () => {
            assert.deepEqual(readStackConfig(root, stack).secretKeys, []);
            assert.doesNotMatch(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8"), /^\s*secure:/m);
        });

        it(`plans ${stack} with no Cloudflare token anywhere, and prints no stand-in for it`, async () => {
            const text = await plan(["--stack", stack]);
            const json = await plan(["--stack", stack, "--json"]);
            assert.equal(text.code, 0, text.stderr);
            assert.equal(json.code, 0, json.stderr);
            for (const out of [text.stdout, json.stdout]) assert.ok(!out.includes(OFFLINE_TOKEN_STAND_IN));
        });
    }

    it("still refuses Cloudflare's global API key offline: exit 1, the guard's message, no stack trace", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-global-key-"));
        fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.copyFileSync(path.join(root, "Pulumi.staging.yaml"), path.join(dir, "Pulumi.staging.yaml"));
        const viaEnv = await plan(["--stack", "staging", "--cwd", dir], root, { ...noCloudflare, CLOUDFLARE_API_KEY: "k", CLOUDFLARE_EMAIL: "e" });
        const text = fs.readFileSync(path.join(dir, "Pulumi.staging.yaml"), "utf8");
        fs.writeFileSync(
            path.join(dir, "Pulumi.staging.yaml"),
            text.replace("config:\n", "config:\n  cloudflare:apiKey: k\n  cloudflare:email: ops@example.com\n"),
        );
        const viaConfig = await plan(["--stack", "staging", "--cwd", dir]);
        for (const r of [viaEnv, viaConfig]) {
            assert.equal(r.code, 1);
            assert.match(r.stderr, /^plan: error: refusing to deploy R2 with the Cloudflare global API key/);
            assert.doesNotMatch(r.stderr, /\n\s+at /);
        }
        fs.rmSync(dir, { recursive: true, force: true });
    });
});

describe("npm run plan: a YAML mistake in Pulumi.<env>.yaml", () => {
    const staging = fs.readFileSync(path.join(root, "Pulumi.staging.yaml"), "utf8");
    const cases: [string, string, RegExp][] = [
        [
            "a tab",
            staging.replace("  backup-remotes:environment: staging", "\tbackup-remotes:environment: staging"),
            /line \d+, column 1: Tabs are not allowed as indentation/,
        ],
        [
            "a duplicate key",
            staging.replace("  backup-remotes:protectBuckets: false", "  backup-remotes:protectBuckets: false\n  backup-remotes:protectBuckets: true"),
            /line \d+, column 3: Map keys must be unique/,
        ],
        ["bad indentation", staging.replace("      provider: aws\n", "      provider: aws\n    bucket: x\n"), /line \d+, column \d+: /],
    ];
    for (const [what, text, reason] of cases) {
        it(`${what}: exit 1, the file, line and reason, no stack trace`, async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-yaml-"));
            fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), text);
            const r = await plan(["--stack", "staging", "--cwd", dir]);
            assert.equal(r.code, 1);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /^plan: error: .*Pulumi\.staging\.yaml: not valid YAML: /);
            assert.match(r.stderr, reason);
            assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace for a YAML mistake");
            fs.rmSync(dir, { recursive: true, force: true });
        });
    }
});
