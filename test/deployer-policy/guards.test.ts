/**
 * The deployer guards' refusals point at `npm run deployer-policy` and, where
 * they name what to create instead, derive it from the provider's deployer
 * data (no hand-written capability list); and the command serves whatever
 * provider the registry holds.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { deployerReport } from "../../cli/deployer-policy/report";
import { PlanFailure, runPlan } from "../../cli/plan/run";
import { parseEnvironmentConfig } from "../../components/config/schema";
import { readNamespaceConfig } from "../../components/program";
import { deployerEnvironment } from "../../components/providers/deployer";
import { PROVIDER_FACTS, PROVIDERS, ProviderRegistry } from "../../components/providers/registry";
import { awsRemote, stackConfig, threeRoles } from "../support/config";
import { SELFHOSTED, selfHostedProfile } from "../providers/selfhosted";

const COMMAND = /`npm run deployer-policy -- --stack staging`/;

function rejection(e: unknown): string {
    assert.ok(e instanceof PlanFailure);
    assert.deepEqual(e.registered, [], "nothing registered before the refusal");
    return e.message;
}

describe("deployer guards point at deployer-policy", () => {
    const saved = { ...process.env };
    afterEach(() => {
        for (const k of ["B2_APPLICATION_KEY_ID", "CLOUDFLARE_API_KEY", "CLOUDFLARE_API_TOKEN"]) {
            if (saved[k] === undefined) delete process.env[k];
            else process.env[k] = saved[k];
        }
    });

    it("AWS root credentials: create a deploy role or user with the printed policy", async () => {
        await assert.rejects(
            runPlan("staging", {
                config: stackConfig(threeRoles("staging")),
                callResults: {
                    "aws:index/getCallerIdentity:getCallerIdentity": { accountId: "123456789012", arn: "arn:aws:iam::123456789012:root", userId: "1" },
                },
            }),
            (e) => {
                assert.match(rejection(e), COMMAND);
                return true;
            },
        );
    });

    it("B2 master key: the b2 key create line for this stack, from the B2 deployer data", async () => {
        delete process.env.B2_APPLICATION_KEY_ID;
        const env = {
            environment: "staging",
            tier: "test",
            protectBuckets: false,
            remotes: {
                "b2-vault": { provider: "b2", bucket: "acme-backup-staging-vault", region: "us-west-004", objectLock: { mode: "GOVERNANCE", days: 7 } },
            },
            credentials: { "db-archive": { role: "copy", remote: "b2-vault", prefix: "db/", hosts: ["db1"] } },
        };
        const config = stackConfig(env, { "b2:applicationKeyId": "0123456789ab" });
        const parsed = parseEnvironmentConfig("staging", readNamespaceConfig(config.values));
        assert.ok(parsed.ok);
        const b2 = PROVIDERS.get("b2");
        const expected = String(b2.deployer.policy(deployerEnvironment("staging", parsed.spec, b2)).document.command);
        assert.match(expected, /writeBucketRetentions/, "the locked bucket's needs are in the line");
        await assert.rejects(runPlan("staging", { config }), (e) => {
            const message = rejection(e);
            assert.match(message, COMMAND);
            assert.ok(message.includes(`\`${expected}\``), message);
            assert.doesNotMatch(message, /readBuckets/, "no hand-written list (readBuckets is S3-API only, never needed)");
            return true;
        });
    });

    it("Cloudflare global key: a scoped token with the groups the R2 deployer data names", async () => {
        process.env.CLOUDFLARE_API_KEY = "global";
        const env = {
            environment: "staging",
            tier: "test",
            protectBuckets: false,
            remotes: { "r2-offsite": { provider: "r2", accountId: "3f1c0a9e5b7d42c88e6a1b2c3d4e5f60", bucket: "acme-backup-staging-offsite" } },
            credentials: { "r2-verify": { role: "verify", remote: "r2-offsite", prefix: "", hosts: ["mon1"] } },
        };
        await assert.rejects(runPlan("staging", { config: stackConfig(env, { "cloudflare:apiToken": "t" }) }), (e) => {
            const message = rejection(e);
            assert.match(message, /refusing to deploy R2 with the Cloudflare global API key \(environment variable CLOUDFLARE_API_KEY is set\)/);
            assert.match(message, /"Workers R2 Storage Write" and "Account API Tokens Write" on the account/);
            assert.match(message, COMMAND);
            return true;
        });
    });
});

describe("deployer-policy serves the registry, not a list of providers", () => {
    it("includes a provider registered only in a test, with what its profile says", () => {
        const registry = new ProviderRegistry([...PROVIDER_FACTS, selfHostedProfile]);
        const raw = {
            environment: "staging",
            tier: "test",
            protectBuckets: false,
            remotes: {
                "aws-main": awsRemote("acme-backup-staging-main"),
                "lab-s3": { provider: SELFHOSTED, bucket: "acme-backup-staging-lab", endpoint: "https://s3.lab.example" },
            },
            credentials: { "db-archive": { role: "copy", remote: "lab-s3", prefix: "db/", hosts: ["db1"] } },
        };
        const parsed = parseEnvironmentConfig("staging", raw, registry);
        assert.ok(parsed.ok, parsed.ok ? "" : parsed.errors.join("\n"));
        const report = deployerReport("staging", parsed.spec, {}, registry);
        assert.deepEqual(
            report.providers.map((p) => p.provider),
            ["aws", SELFHOSTED],
        );
        assert.deepEqual(report.providers[1]!.document, { adminKeyFor: ["acme-backup-staging-lab"] });
        // No AWS credential here: the AWS policy has no IAM statement.
        const aws = report.providers[0]!.document as { policy: { Statement: { Sid: string }[] } };
        assert.deepEqual(
            aws.policy.Statement.map((s) => s.Sid),
            ["BackupBuckets"],
        );
    });
});
