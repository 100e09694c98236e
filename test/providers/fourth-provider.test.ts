/**
 * Adding a provider is one folder and one registry entry: a self-hosted S3
 * profile (test/providers/selfhosted/), registered only here, is validated,
 * deployed, described and issued keys by the unchanged program.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { redactPlan } from "../../cli/plan/redact";
import { runPlan } from "../../cli/plan/run";
import { parseEnvironmentConfig } from "../../components/config/schema";
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { DEFAULT_PROFILES } from "../../components/providers/program-registry";
import { ProviderRegistry } from "../../components/providers/registry";
import { SELFHOSTED, selfHostedProfile } from "./selfhosted";

const registry = new ProviderRegistry([...DEFAULT_PROFILES, selfHostedProfile]);

const config = {
    values: {
        "backup-remotes:environment": "staging",
        "backup-remotes:tier": "test",
        "backup-remotes:protectBuckets": "false",
        "backup-remotes:remotes": JSON.stringify({
            "lab-s3": { provider: SELFHOSTED, bucket: "acme-backup-staging-lab", endpoint: "https://s3.lab.example", noncurrentDays: 14 },
        }),
        "backup-remotes:credentials": JSON.stringify({
            "db-archive": { role: "copy", remote: "lab-s3", prefix: "db/", hosts: ["db1", "db2"] },
            "restore-check": { role: "verify", remote: "lab-s3", prefix: "", hosts: ["mon1"] },
        }),
    },
    secretKeys: [],
};

describe("a fourth provider registered in one line", () => {
    it("is unknown to the default registry, and named in the error of a registry without it", () => {
        const raw = { environment: "staging", remotes: { "lab-s3": { provider: SELFHOSTED, bucket: "acme-backup-staging-lab" } } };
        const r = parseEnvironmentConfig("staging", raw);
        assert.equal(r.ok, false);
        assert.deepEqual(r.ok ? [] : r.errors, ['backup-remotes:remotes.lab-s3.provider: provider must be one of "aws", "b2", "r2"']);
        const withIt = parseEnvironmentConfig("staging", { ...raw, remotes: { "lab-s3": { provider: SELFHOSTED, bucket: "x" } } }, registry);
        assert.deepEqual(withIt.ok ? [] : withIt.errors, [
            "backup-remotes:remotes.lab-s3.bucket: bucket must be 3-63 lowercase letters, digits and '-'",
            "backup-remotes:remotes.lab-s3.endpoint: endpoint must be the server's URL",
            'backup-remotes:remotes.lab-s3.bucket: "x" must contain the environment name "staging" as a \'-\'-separated word (e.g. "acme-backup-staging-db")',
        ]);
    });

    it("plans buckets, one key per host, sections, remotes and permissions from its profile alone", async () => {
        const plan = await runPlan("staging", { config, registry });
        const types = plan.resources.map((r) => r.type);
        assert.equal(types.filter((t) => t === "selfhosted:index:Bucket").length, 1);
        assert.equal(types.filter((t) => t === "selfhosted:index:Key").length, 3, "one key per (credential, host)");
        assert.ok(types.includes("backup-remotes:selfhosted:BackupBucket"));

        const remotes = plan.outputs.remotes.value as RemoteSummary[];
        assert.deepEqual(
            remotes.map((r) => [r.section, r.provider, r.path, r.endpoint]),
            [
                ["staging-db-archive.db1", SELFHOSTED, "acme-backup-staging-lab/db/", "https://s3.lab.example"],
                ["staging-db-archive.db2", SELFHOSTED, "acme-backup-staging-lab/db/", "https://s3.lab.example"],
                ["staging-restore-check.mon1", SELFHOSTED, "acme-backup-staging-lab/", "https://s3.lab.example"],
            ],
        );
        const permissions = plan.outputs.permissions.value as PermissionEntry[];
        const copy = permissions.find((p) => p.credential === "db-archive")!;
        assert.deepEqual(copy.effective, { list: "allowed", read: "denied", write: "allowed", delete: "denied" });
        assert.deepEqual(
            copy.deviations.map((d) => [d.id, d.control]),
            [["write-can-overwrite", "versioning: previous versions are kept 14 days"]],
        );
        assert.deepEqual(plan.resources.find((r) => r.name === "db-archive-db1")?.inputs.grants, ["list", "put"]);

        const copySection = plan.sections.find((s) => s.name === "staging-db-archive.db1")!;
        assert.equal(copySection.options.secret_access_key?.secret, true, "its secret stays a secret");
        assert.equal(copySection.options.no_head?.value, "true", "a no-read role gets the no-read rclone options");
        assert.ok(!JSON.stringify(redactPlan(plan)).includes("mocksecret"), "no secret in the printed plan");
    });
});
