/**
 * `npm run deployer-policy`: per provider, what the example stacks' deploy
 * credentials need, as JSON for machines and as copy-pastable text, and the
 * exit codes (0 printed, 1 invalid config, 2 usage).
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..", "..");

// The command as `npm run deployer-policy` runs it: transpiled once, then plain node.
execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root });

async function deployerPolicy(args: string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const { stdout, stderr } = await run(process.execPath, [path.join(root, ".build/cli/deployer-policy/main.js"), ...args], { cwd });
        return { code: 0, stdout, stderr };
    } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
}

interface Statement {
    Sid: string;
    Action: string[];
    Resource: string[];
}
interface ProviderJson {
    provider: string;
    limits: string[];
    policy?: { Statement: Statement[] };
    capabilities?: string[];
    command?: string;
    bucketRestricted?: boolean;
    accounts?: {
        accountId: string;
        buckets: string[];
        policies: { permissionGroups: { name: string; scope: string }[]; resources: Record<string, string> }[];
    }[];
}
interface ReportJson {
    stack: string;
    environment: string;
    protectBuckets: boolean;
    providers: ProviderJson[];
}

const ACCOUNT = "3f1c0a9e5b7d42c88e6a1b2c3d4e5f60";
const out: Record<string, { json: ReportJson; text: string }> = {};

before(async () => {
    for (const stack of ["staging", "prod"]) {
        const json = await deployerPolicy(["--stack", stack, "--json"]);
        const text = await deployerPolicy(["--stack", stack]);
        assert.equal(json.code, 0, json.stderr);
        assert.equal(text.code, 0, text.stderr);
        out[stack] = { json: JSON.parse(json.stdout) as ReportJson, text: text.stdout };
    }
});

const provider = (stack: string, name: string): ProviderJson => {
    const p = out[stack]!.json.providers.find((x) => x.provider === name);
    assert.ok(p, `${stack} has ${name}`);
    return p;
};

/** The IAM policy printed in the text, parsed back: what a person pastes. */
function policyInText(text: string): unknown {
    const start = text.indexOf('{\n  "Version"');
    const end = text.indexOf("\n}\n", start);
    return JSON.parse(text.slice(start, end + 2));
}

describe("npm run deployer-policy: AWS", () => {
    it("staging: one statement for its bucket, with deletes (test stack), one for users under /backup/staging/", () => {
        const aws = provider("staging", "aws");
        const [buckets, users] = aws.policy!.Statement;
        assert.deepEqual(buckets!.Resource, ["arn:aws:s3:::acme-backup-staging-main"]);
        assert.ok(buckets!.Action.includes("s3:CreateBucket") && buckets!.Action.includes("s3:DeleteBucket"));
        assert.ok(!buckets!.Action.some((a) => a.startsWith("s3:PutObject") || a.startsWith("s3:GetObject") || a === "s3:DeleteObject"));
        assert.deepEqual(users!.Resource, ["arn:aws:iam::*:user/backup/staging/*"]);
        assert.deepEqual(policyInText(out.staging!.text), aws.policy, "the text prints the same, pasteable policy");
    });

    it("prod: no bucket delete, Object Lock actions only on the locked archive, the KMS bucket explained", () => {
        const aws = provider("prod", "aws");
        const statements = aws.policy!.Statement;
        assert.deepEqual(
            statements.map((s) => s.Sid),
            [
                "BackupBuckets",
                "LockedBackupBuckets",
                "BackupUsers",
                "BackupUsersWithBoundary",
                "BackupUsersBoundary",
                "DenyUsersWithoutBoundary",
                "DenyBoundaryRemoval",
                "DenyBoundaryChange",
            ],
        );
        assert.deepEqual(statements[0]!.Resource, ["arn:aws:s3:::acme-backup-prod-main"]);
        assert.deepEqual(statements[1]!.Resource, ["arn:aws:s3:::acme-backup-prod-archive"]);
        assert.ok(statements[1]!.Action.includes("s3:PutBucketObjectLockConfiguration"));
        assert.ok(!statements[0]!.Action.includes("s3:PutBucketObjectLockConfiguration"));
        for (const s of statements) assert.ok(!s.Action.includes("s3:DeleteBucket") && !s.Action.includes("s3:DeleteBucketPolicy"), s.Sid);
        assert.ok(statements[2]!.Action.includes("iam:DeleteUser"), "hosts can still be removed in prod");
        assert.ok(!statements.some((s) => s.Action.some((a) => a.startsWith("kms:"))));
        assert.ok(aws.limits.some((l) => /SSE-KMS buckets \(acme-backup-prod-archive\): the deployer needs no kms: action/.test(l)));
        assert.deepEqual(policyInText(out.prod!.text), aws.policy);
        // IAM counts without whitespace; with the boundary statements it no longer fits an inline user policy (2,048).
        assert.equal((aws as { size?: number }).size, JSON.stringify(aws.policy).replace(/\s/g, "").length);
        assert.match(out.prod!.text, /Size: \d+ characters without whitespace, within the quota of: customer-managed policy, inline role policy\./);
    });

    it("--aws-account-id names the account in the users' ARN", async () => {
        const r = await deployerPolicy(["--stack", "prod", "--json", "--aws-account-id", "123456789012"]);
        assert.equal(r.code, 0, r.stderr);
        const aws = (JSON.parse(r.stdout) as ReportJson).providers.find((p) => p.provider === "aws")!;
        assert.deepEqual(aws.policy!.Statement.find((s) => s.Sid === "BackupUsers")!.Resource, ["arn:aws:iam::123456789012:user/backup/prod/*"]);
        assert.deepEqual(aws.policy!.Statement.find((s) => s.Sid === "BackupUsersBoundary")!.Resource, [
            "arn:aws:iam::123456789012:policy/backup/prod/backup-prod-boundary",
        ]);
    });
});

describe("npm run deployer-policy: Backblaze B2", () => {
    it("staging: deleteBuckets (test stack), no file-lock retention; prod: the reverse", () => {
        const staging = provider("staging", "b2").capabilities!;
        const prod = provider("prod", "b2").capabilities!;
        const common = [
            "listBuckets",
            "writeBuckets",
            "readBucketEncryption",
            "writeBucketEncryption",
            "readBucketRetentions",
            "listKeys",
            "writeKeys",
            "deleteKeys",
        ];
        assert.deepEqual([...staging].sort(), [...common, "deleteBuckets"].sort());
        assert.deepEqual([...prod].sort(), [...common, "writeBucketRetentions"].sort());
    });

    it("prints the b2 key create line and says the key cannot be bucket-restricted", () => {
        for (const stack of ["staging", "prod"]) {
            const b2 = provider(stack, "b2");
            const line = `b2 key create backup-remotes-deploy-${stack} ${b2.capabilities!.join(",")}`;
            assert.equal(b2.command, line);
            assert.ok(out[stack]!.text.includes(`  ${line}\n`), "copy-pastable line in the text");
            assert.ok(out[stack]!.text.includes(`pulumi config set --secret --stack ${stack} b2:applicationKeyId`));
            assert.equal(b2.bucketRestricted, false);
            assert.ok(b2.limits.some((l) => /Cannot be restricted to this stack's buckets: B2 refuses .*writeKeys/.test(l)));
        }
    });
});

describe("npm run deployer-policy: Cloudflare R2", () => {
    for (const stack of ["staging", "prod"]) {
        it(`${stack}: an account-owned token with R2 Storage Write and Account API Tokens Write on the account`, () => {
            const r2 = provider(stack, "r2");
            assert.equal(r2.accounts!.length, 1);
            const account = r2.accounts![0]!;
            assert.equal(account.accountId, ACCOUNT);
            assert.deepEqual(account.buckets, [`acme-backup-${stack}-offsite`]);
            assert.deepEqual(account.policies[0]!.permissionGroups, [
                { name: "Workers R2 Storage Write", scope: "com.cloudflare.api.account" },
                { name: "Account API Tokens Write", scope: "com.cloudflare.api.account" },
            ]);
            assert.deepEqual(account.policies[0]!.resources, { [`com.cloudflare.api.account.${ACCOUNT}`]: "*" });
            const text = out[stack]!.text;
            assert.match(text, /Workers R2 Storage Write\s+\(com\.cloudflare\.api\.account\)/);
            assert.match(text, /Account API Tokens Write\s+\(com\.cloudflare\.api\.account\)/);
            assert.ok(text.includes(`pulumi config set --secret --stack ${stack} cloudflare:apiToken <token>`));
            assert.ok(r2.limits.some((l) => /Account-scoped only/.test(l)));
        });
    }
});

describe("npm run deployer-policy: exit codes", () => {
    it("lists the providers the stack uses, in registry order", () => {
        assert.deepEqual(
            out.staging!.json.providers.map((p) => p.provider),
            ["aws", "b2", "r2"],
        );
        assert.equal(out.prod!.json.protectBuckets, true);
    });

    it("exits 1 with every config problem and no stack trace for an invalid config", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployer-policy-invalid-"));
        fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        // A staging config copied into prod unchanged.
        fs.copyFileSync(path.join(root, "Pulumi.staging.yaml"), path.join(dir, "Pulumi.prod.yaml"));
        const r = await deployerPolicy(["--stack", "prod", "--cwd", dir]);
        assert.equal(r.code, 1);
        assert.equal(r.stdout, "");
        assert.match(r.stderr, /invalid configuration for stack "prod"/);
        assert.match(r.stderr, /backup-remotes:environment: is "staging" but the stack is "prod"/);
        assert.match(r.stderr, /backup-remotes:remotes\.aws-main\.bucket: "acme-backup-staging-main" must contain the environment name "prod"/);
        assert.match(r.stderr, /backup-remotes:remotes\.b2-vault\.bucket/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });

    it("exits 1 on a YAML mistake, naming the file, without a stack trace", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployer-policy-yaml-"));
        fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.qa.yaml"), "config:\n  backup-remotes:environment: qa\n  backup-remotes:environment: qa\n");
        const r = await deployerPolicy(["--stack", "qa", "--cwd", dir]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /Pulumi\.qa\.yaml: not valid YAML/);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
    });

    it("exits 2 for usage mistakes: missing or unknown flag, unknown stack, bad account id", async () => {
        const missing = await deployerPolicy([]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /--stack/);
        assert.equal((await deployerPolicy(["--stack", "staging", "--jsn"])).code, 2);
        const unknown = await deployerPolicy(["--stack", "qa"]);
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /--stack qa: no Pulumi\.qa\.yaml in .* \(stacks: prod, staging\)/);
        const account = await deployerPolicy(["--stack", "prod", "--aws-account-id", "1234"]);
        assert.equal(account.code, 2);
        assert.match(account.stderr, /--aws-account-id 1234: must be the 12-digit AWS account id/);
        for (const r of [missing, unknown, account]) assert.doesNotMatch(r.stderr, /\n\s+at /);
    });

    it("--help exits 0 and documents the exit codes and the provider options", async () => {
        const r = await deployerPolicy(["--help"]);
        assert.equal(r.code, 0);
        assert.match(
            r.stdout,
            /Exit codes \(the same for every backup-remotes command\):\n  0  ok\n  1  findings or invalid input: an invalid stack file or config[\s\S]*\n  2  usage/,
        );
        assert.match(r.stdout, /--aws-account-id <id>/);
    });
});
