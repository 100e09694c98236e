/**
 * The B2 leaf under the offline plan's mock runtime: the bucket and the keys
 * `pulumi up` would register, the rclone sections and the permissions output.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { fakeHex, MOCK_SECRET_PREFIX } from "../../cli/plan/mocks";
import { redactPlan } from "../../cli/plan/redact";
import { runPlan, type PlanResult, type PlannedResource } from "../../cli/plan/run";
import type { StackConfig } from "../../cli/plan/stack-config";
import { B2BackupCredential } from "../../components/providers/b2/credential";
import { b2RemoteSchema } from "../../components/providers/b2/schema";
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { stackConfig } from "../support/config";

const BUCKET = "b2:index/bucket:Bucket";
const KEY = "b2:index/applicationKey:ApplicationKey";

function b2Stack(environment: string, remote: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): StackConfig {
    return stackConfig({
        environment,
        tier: environment === "prod" ? undefined : "test",
        protectBuckets: environment === "prod" ? undefined : false,
        remotes: {
            "b2-offsite": { provider: "b2", bucket: `acme-backup-${environment}-offsite`, region: "us-west-004", ...remote },
        },
        credentials: {
            "db-offsite": { role: "copy", remote: "b2-offsite", prefix: "db/", hosts: ["db1", "db2.example"] },
            "files-offsite": { role: "sync", remote: "b2-offsite", prefix: "/files", hosts: ["files1"] },
            "restore-check": { role: "verify", remote: "b2-offsite", prefix: "", hosts: ["monitor1"] },
        },
        ...extra,
    });
}

const ofType = (plan: PlanResult, type: string) => plan.resources.filter((r) => r.type === type);
const one = (plan: PlanResult, type: string, name: string): PlannedResource => {
    const r = plan.resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `${type} ${name} is registered`);
    return r;
};
const parentOf = (plan: PlanResult, r: PlannedResource) => plan.resources.find((p) => p.urn === r.parent);

describe("B2 bucket component under mocks", () => {
    it("registers one private bucket with lifecycle rules, SSE-B2 and tags, as a child of the bucket component", async () => {
        const plan = await runPlan("staging", { config: b2Stack("staging") });
        const [bucket, ...others] = ofType(plan, BUCKET);
        assert.ok(bucket);
        assert.equal(others.length, 0);
        assert.equal(parentOf(plan, bucket)?.type, "backup-remotes:b2:BackupBucket");
        assert.deepEqual(bucket.inputs, {
            bucketName: "acme-backup-staging-offsite",
            bucketType: "allPrivate",
            bucketInfo: { environment: "staging", "managed-by": "backup-remotes", remote: "b2-offsite" },
            lifecycleRules: [{ fileNamePrefix: "", daysFromHidingToDeleting: 30, daysFromStartingToCancelingUnfinishedLargeFiles: 7 }],
            defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
        });
        assert.equal(bucket.protect, false, "staging buckets are not protected (protectBuckets: false)");
        assert.equal(bucket.retainOnDelete, false);
    });

    it("adds no post-deploy probe rule beside the whole-bucket rule: B2 refuses rules that apply to the same files", async () => {
        // b2Stack has a copy credential on db/; on AWS and R2 that adds a rule for db/postdeploy-runs/.
        const plan = await runPlan("staging", { config: b2Stack("staging") });
        const rules = ofType(plan, BUCKET)[0]!.inputs.lifecycleRules as { fileNamePrefix: string }[];
        assert.deepEqual(
            rules.map((r) => r.fileNamePrefix),
            [""],
        );
        for (const a of rules) {
            for (const b of rules) assert.ok(a === b || !b.fileNamePrefix.startsWith(a.fileNamePrefix), "no rule's prefix starts another's");
        }
    });

    it("adds hide-after-days and file lock with default retention when configured", async () => {
        const plan = await runPlan("staging", {
            config: b2Stack("staging", {
                lifecycle: { noncurrentVersionExpirationDays: 60, abortIncompleteMultipartUploadDays: 2, expirationDays: 400 },
                objectLock: { mode: "COMPLIANCE", days: 14 },
            }),
        });
        const bucket = one(plan, BUCKET, "b2-offsite");
        assert.deepEqual(bucket.inputs.lifecycleRules, [
            {
                fileNamePrefix: "",
                daysFromHidingToDeleting: 60,
                daysFromStartingToCancelingUnfinishedLargeFiles: 2,
                daysFromUploadingToHiding: 400,
            },
        ]);
        assert.deepEqual(bucket.inputs.fileLockConfigurations, [
            {
                isFileLockEnabled: true,
                defaultRetention: { mode: "compliance", period: { duration: 14, unit: "days" } },
            },
        ]);
    });

    it("protects prod buckets from deletion, as on AWS", async () => {
        const plan = await runPlan("prod", { config: b2Stack("prod") });
        const bucket = one(plan, BUCKET, "b2-offsite");
        assert.equal(bucket.protect, true);
        assert.equal(bucket.retainOnDelete, true);
    });
});

describe("B2 credential component under mocks", () => {
    it("issues one application key per credential and host, restricted to the bucket's ID (a v3 single-bucket key) and the prefix", async () => {
        const plan = await runPlan("staging", { config: b2Stack("staging") });
        // The ID the mock cloud gave the bucket (cli/plan/mocks.ts), which the keys must be restricted to.
        const bucketId = fakeHex("bucket:acme-backup-staging-offsite", 24);
        const keys = ofType(plan, KEY);
        assert.deepEqual(keys.map((k) => k.name).sort(), ["db-offsite-db1", "db-offsite-db2.example", "files-offsite-files1", "restore-check-monitor1"]);
        const expected: Record<string, { capabilities: string[]; namePrefix?: string; keyName: string }> = {
            "db-offsite-db1": { capabilities: ["listFiles", "writeFiles"], namePrefix: "db/", keyName: "backup-staging-db-offsite-db1" },
            "db-offsite-db2.example": { capabilities: ["listFiles", "writeFiles"], namePrefix: "db/", keyName: "backup-staging-db-offsite-db2-example" },
            "files-offsite-files1": {
                capabilities: ["listFiles", "readFiles", "writeFiles"],
                namePrefix: "files/",
                keyName: "backup-staging-files-offsite-files1",
            },
            "restore-check-monitor1": { capabilities: ["listFiles", "readFiles"], keyName: "backup-staging-restore-check-monitor1" },
        };
        for (const key of keys) {
            const e = expected[key.name]!;
            assert.deepEqual(
                key.inputs,
                {
                    keyName: e.keyName,
                    capabilities: e.capabilities,
                    bucketId,
                    ...(e.namePrefix !== undefined ? { namePrefix: e.namePrefix } : {}),
                },
                key.name,
            );
            assert.equal(parentOf(plan, key)?.type, "backup-remotes:b2:Credential");
            assert.deepEqual(key.additionalSecretOutputs, ["applicationKey"]);
        }
    });

    it("restricts keys with bucketIds (a v4 multi-bucket key) when the remote sets keyApi: v4", async () => {
        const plan = await runPlan("staging", { config: b2Stack("staging", { keyApi: "v4" }) });
        const bucketId = fakeHex("bucket:acme-backup-staging-offsite", 24);
        for (const key of ofType(plan, KEY)) {
            assert.deepEqual(key.inputs.bucketIds, [bucketId], key.name);
            assert.equal(key.inputs.bucketId, undefined, key.name);
        }
    });

    it("never grants deleteFiles, listBuckets or an account-level capability", async () => {
        const plan = await runPlan("staging", { config: b2Stack("staging") });
        const account = [
            "writeKeys",
            "deleteKeys",
            "listKeys",
            "writeBuckets",
            "deleteBuckets",
            "listAllBucketNames",
            "listBuckets",
            "deleteFiles",
            "shareFiles",
            "bypassGovernance",
        ];
        for (const key of ofType(plan, KEY)) {
            for (const c of key.inputs.capabilities as string[]) assert.ok(!account.includes(c), `${key.name} has ${c}`);
        }
    });

    it("sets the key lifetime from the remote's keyLifetimeDays", async () => {
        const plan = await runPlan("staging", { config: b2Stack("staging", { keyLifetimeDays: 90 }) });
        for (const key of ofType(plan, KEY)) assert.equal(key.inputs.validDurationInSeconds, 90 * 86400, key.name);
    });

    it("emits native sections with the key ID, the key as a secret and hard_delete = false", async () => {
        const plan = await runPlan("staging", { config: b2Stack("staging") });
        const redacted = redactPlan(plan);
        const section = redacted.sections.find((s) => s.name === "staging-db-offsite.db1");
        assert.ok(section);
        assert.deepEqual(Object.keys(section.options), ["type", "account", "key", "hard_delete"]);
        assert.equal(section.options.type, "b2");
        assert.match(section.options.account!, /^005[0-9a-f]{22}$/);
        assert.equal(section.options.key, "[secret]");
        assert.equal(section.options.hard_delete, "false");
        assert.equal(plan.outputs.rcloneConfig.secret, true);
        assert.equal(plan.outputs.hosts.secret, true);
        assert.match(plan.outputs.rcloneConfig.value, new RegExp(`^key = ${MOCK_SECRET_PREFIX}-`, "m"));
        assert.ok(!JSON.stringify(redacted).includes(MOCK_SECRET_PREFIX), "a key reached the printed plan");
    });

    it("emits S3-compatible sections when the remote chooses api: s3", async () => {
        const plan = await runPlan("staging", { config: b2Stack("staging", { api: "s3", region: "eu-central-003" }) });
        const sections = redactPlan(plan).sections;
        const copy = sections.find((s) => s.name === "staging-db-offsite.db1")!.options;
        const sync = sections.find((s) => s.name === "staging-files-offsite.files1")!.options;
        assert.deepEqual(
            { ...copy, access_key_id: "*" },
            {
                type: "s3",
                provider: "Other",
                access_key_id: "*",
                secret_access_key: "[secret]",
                region: "eu-central-003",
                endpoint: "https://s3.eu-central-003.backblazeb2.com",
                no_check_bucket: "true",
                no_head: "true",
                no_head_object: "true",
            },
        );
        assert.equal(sync.no_head, undefined);
        const remotes = plan.outputs.remotes.value as RemoteSummary[];
        const summary = remotes.find((r) => r.section === "staging-db-offsite.db1")!;
        assert.equal(summary.provider, "b2");
        assert.equal(summary.endpoint, "https://s3.eu-central-003.backblazeb2.com");
        assert.equal(summary.path, "acme-backup-staging-offsite/db/");
        assert.deepEqual(summary.rcloneFlags, ["--ignore-existing"]);
        assert.deepEqual(remotes.find((r) => r.section === "staging-restore-check.monitor1")!.rcloneFlags, []);
    });

    it("lists the hide deviation of write keys in the permissions output, with its deadline and control", async () => {
        const plan = await runPlan("prod", {
            config: b2Stack("prod", { lifecycle: { noncurrentVersionExpirationDays: 90 }, objectLock: { mode: "GOVERNANCE", days: 30 } }),
        });
        const permissions = plan.outputs.permissions.value as PermissionEntry[];
        const copy = permissions.find((p) => p.credential === "db-offsite")!;
        assert.deepEqual(copy.effective, { list: "allowed", read: "denied", write: "allowed", delete: "hide-only" });
        assert.equal(copy.prefixEnforced, true);
        const hide = copy.deviations.find((d) => d.id === "b2-write-can-hide");
        assert.ok(hide, "the copy key's hide deviation is listed");
        assert.match(hide.description, /hide files/);
        assert.match(hide.description, /deletes hidden versions 90 days after the hide/);
        assert.equal(hide.control, "versioning: previous versions are kept 90 days; object lock: versions cannot be removed for 30 days");
        const sync = permissions.find((p) => p.credential === "files-offsite")!;
        assert.equal(sync.effective.delete, "hide-only");
        assert.equal(
            sync.deviations.some((d) => d.id === "b2-write-can-hide"),
            false,
            "hiding is what a sync key is for",
        );
        const verify = permissions.find((p) => p.credential === "restore-check")!;
        assert.deepEqual(verify.effective, { list: "allowed", read: "allowed", write: "denied", delete: "denied" });
        assert.deepEqual(verify.deviations, []);
        assert.deepEqual(copy.protections.locks, [{ kind: "object-lock", mode: "GOVERNANCE", days: 30, prefixes: [""] }]);
        assert.ok(copy.protections.summary.includes("file lock: GOVERNANCE 30 days"));
    });

    it("keeps the key secret even where the engine does not mark it (plain mocks)", async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => ({
                    id: `${args.name}-id`,
                    state: { ...args.inputs, ...(args.type === KEY ? { applicationKeyId: "005abc", applicationKey: "plain-key" } : {}) },
                }),
                call: () => ({}),
            },
            "backup-remotes",
            "staging",
        );
        const remote = b2RemoteSchema.parse({ provider: "b2", bucket: "acme-backup-staging-offsite", region: "us-west-004" });
        const cred = new B2BackupCredential("c-h", {
            environment: "staging",
            credential: "c",
            host: "h",
            role: "copy",
            prefix: "db/",
            remote,
            bucketId: "bucket-id",
        });
        assert.equal(await pulumi.isSecret(cred.applicationKey), true);
        assert.equal(await pulumi.isSecret(pulumi.output(cred.sectionOptions.key!)), true);
        assert.equal(await pulumi.isSecret(pulumi.output(cred.sectionOptions.account!)), false);
    });
});
