/**
 * Identity quotas counted before deploy: per provider account, at the peak of
 * a rotation (two identities per credential and host), against the provider's
 * default or the configured share; a warning past 80 %, a refusal past 100 %
 * naming the config that drives the count.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { parseEnvironmentConfig } from "../../components/config/schema";
import { identityUsage } from "../../components/rotation/quota";
import { exampleText, root } from "./helpers";

const run = promisify(execFile);
execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root });

async function plan(extra: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quota-"));
    try {
        fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), exampleText("staging") + extra);
        const { stdout, stderr } = await run(process.execPath, [path.join(root, ".build/cli/plan/main.js"), "--stack", "staging", "--cwd", dir]);
        return { code: 0, stdout, stderr };
    } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The plan text wraps a paragraph's continuation lines with a deeper indent; join them back for matching. */
function unwrap(text: string): string {
    return text.replace(/\n {5,}/g, " ");
}

describe("identity quotas in the offline plan", () => {
    it("prints every provider account's count now and at its peak against the quota", async () => {
        const r = await plan("");
        assert.equal(r.code, 0, r.stderr);
        const text = unwrap(r.stdout);
        assert.match(text, /Identities per provider account \(warns above 80 % of its quota, refuses above\):/);
        assert.equal(text.split("Identities per provider account").length - 1, 1, "the quota part is printed once");
        assert.doesNotMatch(text, /%,\s*(aws|b2|r2) /, "each provider account in its own paragraph, not joined by commas");
        assert.match(
            text,
            /\n  r2: 3 account-owned API tokens now, 6 while every key rotates: 1% of the quota of 500 \(the provider's default\); account: 3f1c0a9e5b7d42c88e6a1b2c3d4e5f60\n/,
        );
        assert.match(
            text,
            /\n  aws: 3 IAM users now, 6 while every key rotates: 0% of the quota of 5000 \(the provider's default\); account: deploy credentials' account\n/,
        );
    });

    it("warns past 80 % of a configured quota", async () => {
        const r = await plan("  backup-remotes:identityQuotas: { r2: 7 }\n");
        assert.equal(r.code, 0, r.stderr);
        assert.match(
            unwrap(r.stdout),
            /\n  WARNING: r2: 3 account-owned API tokens now, 6 while every key rotates: 86% of the quota of 7 \(set by backup-remotes:identityQuotas\.r2\); account: 3f1c0a9e5b7d42c88e6a1b2c3d4e5f60\n/,
        );
        assert.match(
            r.stderr,
            /warning: .*identity quota: the stack would hold 6 Cloudflare R2 account-owned API tokens in the account 3f1c0a9e5b7d42c88e6a1b2c3d4e5f60 \(identified by backup-remotes:remotes\.r2-offsite\.accountId\) while every key rotates/,
        );
    });

    it("refuses past 100 %, naming the quota and the credentials that drive the count", async () => {
        const r = await plan("  backup-remotes:identityQuotas: { r2: 5 }\n");
        assert.equal(r.code, 1);
        assert.match(
            r.stderr,
            /backup-remotes:identityQuotas\.r2: the stack would hold 6 Cloudflare R2 account-owned API tokens in the account 3f1c0a9e5b7d42c88e6a1b2c3d4e5f60 .*\(2 per credential and host in backup-remotes:credentials: r2-db-archive \(1 host\), r2-files-mirror \(1 host\), r2-restore-check \(1 host\)\), 120% of the quota of 5 \(backup-remotes:identityQuotas\.r2\); remove hosts or credentials, or set backup-remotes:identityQuotas\.r2/,
        );
        assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, "no stack trace for a config problem");
    });
});

describe("identityUsage", () => {
    const raw = (hostsA: number, hostsB: number, quotas?: Record<string, number>) => ({
        environment: "staging",
        remotes: {
            "r2-a": { provider: "r2", accountId: "a".repeat(32), bucket: "acme-staging-a" },
            "r2-b": { provider: "r2", accountId: "b".repeat(32), bucket: "acme-staging-b" },
        },
        credentials: {
            one: { role: "verify", remote: "r2-a", hosts: Array.from({ length: hostsA }, (_, i) => `h${i}`) },
            two: { role: "verify", remote: "r2-b", hosts: Array.from({ length: hostsB }, (_, i) => `h${i}`) },
        },
        ...(quotas ? { identityQuotas: quotas } : {}),
    });

    it("counts each account on its own (R2 accounts are named by accountId)", () => {
        const parsed = parseEnvironmentConfig("staging", raw(200, 240));
        assert.ok(parsed.ok);
        const usage = identityUsage(parsed.spec);
        assert.deepEqual(
            usage.map((u) => [u.account, u.now, u.peak, u.level]),
            [
                ["a".repeat(32), 200, 400, "ok"],
                ["b".repeat(32), 240, 480, "warning"],
            ],
        );
    });

    it("refuses the account past its quota and only that one", () => {
        const parsed = parseEnvironmentConfig("staging", raw(200, 251));
        assert.equal(parsed.ok, false);
        assert.equal(parsed.ok ? 0 : parsed.errors.length, 1);
        assert.match(parsed.ok ? "" : parsed.errors[0]!, /502 Cloudflare R2 account-owned API tokens in the account b{32}/);
    });

    it("refuses a quota for a provider whose identities are not counted", () => {
        const parsed = parseEnvironmentConfig("staging", raw(1, 1, { gcs: 10 }));
        assert.deepEqual(parsed.ok ? [] : parsed.errors, [
            "backup-remotes:identityQuotas.gcs: is not a provider whose identities are counted (one of aws, b2, r2)",
        ]);
    });
});
