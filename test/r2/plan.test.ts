/**
 * The R2 leaf under Pulumi's mocks, through the real program (runPlan): what
 * `pulumi up` would register, and that no secret leaves in clear.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as path from "node:path";
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { ConfigError } from "../../components/program";
import { sha256Hex } from "../../components/providers/r2/secret";
import { MOCK_SECRET_PREFIX, fakeHex } from "../../cli/plan/mocks";
import { redactPlan } from "../../cli/plan/redact";
import { PlanFailure, runPlan, type PlannedResource } from "../../cli/plan/run";
import { ACCOUNT_ID, cred, r2Remote, stackConfig } from "./fixtures";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const GROUPS = "cloudflare:index/getAccountApiTokenPermissionGroupsList:getAccountApiTokenPermissionGroupsList";
const ITEM_WRITE_ID = "2efd5506f9c8494dacb1fa10a3e7d5b6";
const ITEM_READ_ID = "6a018a9f2fc74eb6b293b0c548f38b39";

const ofType = (resources: readonly PlannedResource[], type: string) => resources.filter((r) => r.type === `cloudflare:index/${type}`);

/** Three roles on one bucket, two copy prefixes, one copy credential on two hosts. */
function threeRoles(stack: string, remoteExtra: Record<string, unknown> = {}) {
    return stackConfig(
        stack,
        { offsite: r2Remote(`acme-${stack}-offsite`, { lockDays: 30, ...remoteExtra }) },
        {
            "db-archive": cred("copy", "offsite", "db/", ["db1", "db2"]),
            "log-archive": cred("copy", "offsite", "logs", ["log1"]),
            "files-mirror": cred("sync", "offsite", "files/", ["files1"]),
            "restore-check": cred("verify", "offsite", "", ["monitor1"]),
        },
    );
}

describe("R2 leaf under mocks", () => {
    it("plans the bucket, its lifecycle and one lock rule per copy prefix, all protected in prod", async () => {
        const plan = await runPlan("prod", { config: threeRoles("prod", { lifecycle: { expirationDays: 400, infrequentAccessAfterDays: 30 } }) });
        const [bucket] = ofType(plan.resources, "r2Bucket:R2Bucket");
        assert.ok(bucket);
        assert.deepEqual(bucket.inputs, { accountId: ACCOUNT_ID, jurisdiction: "default", name: "acme-prod-offsite", storageClass: "Standard" });
        assert.equal(bucket.protect, true);
        assert.equal(bucket.retainOnDelete, true);

        const [lifecycle] = ofType(plan.resources, "r2BucketLifecycle:R2BucketLifecycle");
        assert.ok(lifecycle);
        assert.equal(lifecycle.protect, true);
        assert.deepEqual(lifecycle.inputs.rules, [
            {
                id: "abort-incomplete-multipart-uploads",
                enabled: true,
                conditions: { prefix: "" },
                abortMultipartUploadsTransition: { condition: { type: "Age", maxAge: 7 * 86400 } },
            },
            {
                id: "age-objects",
                enabled: true,
                conditions: { prefix: "" },
                storageClassTransitions: [{ storageClass: "InfrequentAccess", condition: { type: "Age", maxAge: 30 * 86400 } }],
                deleteObjectsTransition: { condition: { type: "Age", maxAge: 400 * 86400 } },
            },
            // The post-deploy probes in each copy prefix (db/ from two hosts once), deleted at a day old.
            {
                id: "expire-postdeploy-probes:db/postdeploy-runs/",
                enabled: true,
                conditions: { prefix: "db/postdeploy-runs/" },
                deleteObjectsTransition: { condition: { type: "Age", maxAge: 86400 } },
            },
            {
                id: "expire-postdeploy-probes:logs/postdeploy-runs/",
                enabled: true,
                conditions: { prefix: "logs/postdeploy-runs/" },
                deleteObjectsTransition: { condition: { type: "Age", maxAge: 86400 } },
            },
        ]);

        const locks = ofType(plan.resources, "r2BucketLock:R2BucketLock");
        assert.equal(locks.length, 1);
        assert.equal(locks[0]!.protect, true);
        assert.equal(locks[0]!.inputs.bucketName, "acme-prod-offsite");
        // One rule per copy prefix (db/ from two hosts counts once), none on the sync or verify prefixes.
        assert.deepEqual(locks[0]!.inputs.rules, [
            { id: "copy-archive:db/", enabled: true, prefix: "db/", condition: { type: "Age", maxAgeSeconds: 30 * 86400 } },
            { id: "copy-archive:logs/", enabled: true, prefix: "logs/", condition: { type: "Age", maxAgeSeconds: 30 * 86400 } },
        ]);
    });

    it("adds no probe rule when no copy credential writes to the bucket", async () => {
        const config = stackConfig(
            "staging",
            { offsite: r2Remote("acme-staging-offsite") },
            {
                "files-mirror": cred("sync", "offsite", "files/", ["files1"]),
                "restore-check": cred("verify", "offsite", "", ["monitor1"]),
            },
        );
        const plan = await runPlan("staging", { config });
        const [lifecycle] = ofType(plan.resources, "r2BucketLifecycle:R2BucketLifecycle");
        assert.ok(lifecycle);
        assert.deepEqual(
            (lifecycle.inputs.rules as { id: string }[]).map((r) => r.id),
            ["abort-incomplete-multipart-uploads"],
        );
    });

    it("mints one token per credential and host, scoped to its one bucket, with the looked-up group", async () => {
        const plan = await runPlan("staging", {
            config: threeRoles("staging", { jurisdiction: "eu", tokens: { allowedIps: ["198.51.100.0/24"], expiresOn: "2099-01-01T00:00:00Z" } }),
        });
        const tokens = ofType(plan.resources, "accountToken:AccountToken");
        assert.deepEqual(tokens.map((t) => t.name).sort(), [
            "db-archive-db1",
            "db-archive-db2",
            "files-mirror-files1",
            "log-archive-log1",
            "restore-check-monitor1",
        ]);
        const groupOf = new Map<string, string>();
        for (const t of tokens) {
            assert.equal(t.inputs.accountId, ACCOUNT_ID);
            assert.equal(t.inputs.name, `backup-staging-${t.name}`);
            assert.equal(t.inputs.expiresOn, "2099-01-01T00:00:00Z");
            assert.deepEqual(t.inputs.condition, { requestIp: { ins: ["198.51.100.0/24"] } });
            assert.ok(t.additionalSecretOutputs.includes("value"));
            const policies = t.inputs.policies as { effect: string; permissionGroups: { id: string }[]; resources: string }[];
            assert.equal(policies.length, 1);
            assert.equal(policies[0]!.effect, "allow");
            assert.equal(typeof policies[0]!.resources, "string");
            assert.deepEqual(JSON.parse(policies[0]!.resources), { [`com.cloudflare.edge.r2.bucket.${ACCOUNT_ID}_eu_acme-staging-offsite`]: "*" });
            assert.equal(policies[0]!.permissionGroups.length, 1);
            groupOf.set(t.name, policies[0]!.permissionGroups[0]!.id);
        }
        assert.equal(groupOf.get("db-archive-db1"), ITEM_WRITE_ID);
        assert.equal(groupOf.get("files-mirror-files1"), ITEM_WRITE_ID);
        assert.equal(groupOf.get("restore-check-monitor1"), ITEM_READ_ID);
    });

    it("takes the group IDs from the data source, not from the code", async () => {
        const swapped = {
            results: [
                { id: "11111111111111111111111111111111", name: "Workers R2 Storage Bucket Item Write", scopes: ["com.cloudflare.edge.r2.bucket"] },
                { id: "22222222222222222222222222222222", name: "Workers R2 Storage Bucket Item Read", scopes: ["com.cloudflare.edge.r2.bucket"] },
                // Same name under another scope must not be picked.
                { id: "33333333333333333333333333333333", name: "Workers R2 Storage Bucket Item Read", scopes: ["com.cloudflare.api.account"] },
            ],
        };
        const plan = await runPlan("staging", { config: threeRoles("staging"), callResults: { [GROUPS]: swapped } });
        const ids = Object.fromEntries(
            ofType(plan.resources, "accountToken:AccountToken").map((t) => [
                t.name,
                (t.inputs.policies as { permissionGroups: { id: string }[] }[])[0]!.permissionGroups[0]!.id,
            ]),
        );
        assert.equal(ids["db-archive-db1"], "11111111111111111111111111111111");
        assert.equal(ids["restore-check-monitor1"], "22222222222222222222222222222222");
    });

    it("derives the S3 secret from the token value and keeps every secret out of the printed plan", async () => {
        const plan = await runPlan("staging", { config: threeRoles("staging") });
        const sections = new Map(plan.sections.map((s) => [s.name, s.options]));
        const copy = sections.get("staging-db-archive.db1")!;
        assert.equal(copy.secret_access_key!.secret, true);
        assert.equal(copy.access_key_id!.secret, false);
        // The mock token's id and secret value, as cli/plan/mocks.ts makes them for this resource name.
        const tokenValue = `${MOCK_SECRET_PREFIX}-${fakeHex("token-value:db-archive-db1", 32)}`;
        assert.equal(copy.access_key_id!.value, fakeHex("token-id:db-archive-db1", 32));
        assert.equal(copy.secret_access_key!.value, sha256Hex(tokenValue));
        assert.equal(plan.outputs.rcloneConfig.secret, true);
        assert.equal(plan.outputs.hosts.secret, true);

        const printed = JSON.stringify(redactPlan(plan));
        assert.ok(!printed.includes(MOCK_SECRET_PREFIX), "a token value is printed");
        assert.ok(!printed.includes(sha256Hex(tokenValue)), "a derived secret is printed");
    });

    it("states R2's deviations and their controls in the permissions output, and the path in remotes", async () => {
        const plan = await runPlan("prod", { config: threeRoles("prod") });
        const permissions = plan.outputs.permissions.value as PermissionEntry[];
        const copy = permissions.find((p) => p.credential === "db-archive")!;
        assert.deepEqual(copy.effective, { list: "allowed", read: "allowed", write: "allowed", delete: "allowed" });
        assert.equal(copy.prefixEnforced, false);
        const deletion = copy.deviations.find((d) => d.id === "r2-write-implies-delete")!;
        assert.equal(deletion.control, "bucket lock rule: objects under the prefix cannot be deleted until they are 30 days old");
        assert.equal(copy.protections.versioning.state, "unavailable");
        assert.deepEqual(copy.protections.locks, [{ kind: "prefix-lock", days: 30, prefixes: ["db/", "logs/"] }]);
        assert.ok(copy.protections.summary.includes('bucket lock: objects under "db/" cannot be deleted or overwritten until they are 30 days old'));
        const sync = permissions.find((p) => p.credential === "files-mirror")!;
        assert.equal(sync.deviations.find((d) => d.id === "write-can-overwrite")!.control, "none: R2 has no versioning and no lock rule covers this prefix");

        const remotes = plan.outputs.remotes.value as RemoteSummary[];
        const verify = remotes.find((r) => r.credential === "restore-check")!;
        assert.equal(verify.path, "acme-prod-offsite/");
        assert.equal(verify.region, "auto");
        assert.equal(verify.endpoint, `https://${ACCOUNT_ID}.r2.cloudflarestorage.com`);
        assert.deepEqual(remotes.find((r) => r.credential === "db-archive")!.rcloneFlags, ["--ignore-existing"]);
        assert.equal(remotes.find((r) => r.credential === "db-archive")!.path, "acme-prod-offsite/db/");
    });

    it("refuses the global API key before anything is registered", async () => {
        const config = stackConfig(
            "staging",
            { offsite: r2Remote("acme-staging-offsite") },
            {},
            { "cloudflare:apiKey": "k", "cloudflare:email": "ops@example.com" },
        );
        await assert.rejects(runPlan("staging", { config }), (e: unknown) => {
            assert.ok(e instanceof PlanFailure);
            assert.match(e.message, /^refusing to deploy R2 with the Cloudflare global API key/);
            assert.deepEqual(e.registered, []);
            return true;
        });
    });

    it("refuses an invalid R2 config with a ConfigError, registering nothing", async () => {
        const config = stackConfig("prod", { offsite: r2Remote("acme-prod-offsite") }, { a: cred("copy", "offsite", "", ["h"]) });
        await assert.rejects(runPlan("prod", { config }), (e: unknown) => {
            assert.ok(e instanceof PlanFailure && e.cause instanceof ConfigError);
            assert.match(e.cause.problems.join("\n"), /remotes\.offsite\.lockDays: is required in a production environment/);
            assert.deepEqual(e.registered, []);
            return true;
        });
    });

    it("plans both example stacks with an R2 remote of all three roles", async () => {
        for (const stack of ["staging", "prod"]) {
            const plan = await runPlan(stack, { projectDir: PROJECT_DIR });
            const permissions = plan.outputs.permissions.value as PermissionEntry[];
            const roles = new Set(permissions.filter((p) => p.provider === "r2").map((p) => p.role));
            assert.deepEqual([...roles].sort(), ["copy", "sync", "verify"], stack);
            assert.equal(ofType(plan.resources, "r2BucketLock:R2BucketLock").length, 1, stack);
        }
    });
});
