import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MOCK_SECRET_PREFIX } from "../../cli/plan/mocks";
import { redactPlan } from "../../cli/plan/redact";
import { PlanFailure, runPlan, type PlanResult, type PlannedResource } from "../../cli/plan/run";
import { ConfigError } from "../../components/program";
import { probeRuleId } from "../../components/providers/aws/bucket";
import { awsPolicyDocument } from "../../components/providers/aws/access";
import { awsRemote, stackConfig, threeRoles } from "../support/config";

const ofType = (plan: PlanResult, type: string) => plan.resources.filter((r) => r.type === type);
const one = (plan: PlanResult, type: string, name: string): PlannedResource => {
    const r = plan.resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `${type} ${name} is registered`);
    return r;
};
const parentName = (plan: PlanResult, r: PlannedResource) => plan.resources.find((p) => p.urn === r.parent)?.name;

describe("AWS components under mocks", () => {
    it("registers a hardened bucket with all its settings as children", async () => {
        const plan = await runPlan("staging", { config: stackConfig(threeRoles("staging")) });
        const bucket = one(plan, "aws:s3/bucket:Bucket", "aws-main");
        assert.equal(bucket.inputs.bucket, "acme-backup-staging-main");
        assert.equal(bucket.inputs.forceDestroy, false);
        assert.equal(bucket.inputs.region, "eu-west-1");
        assert.deepEqual(bucket.inputs.tags, {
            "backup-remotes:environment": "staging",
            "backup-remotes:remote": "aws-main",
            "managed-by": "backup-remotes",
        });
        const children = [
            "aws:s3/bucketVersioning:BucketVersioning",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketPolicy:BucketPolicy",
        ];
        for (const type of children) {
            const [r] = ofType(plan, type);
            assert.ok(r, type);
            assert.equal(parentName(plan, r), "aws-main", `${type} is a child of the bucket component`);
            assert.equal(r.inputs.bucket, "acme-backup-staging-main", `${type} targets the bucket`);
        }
        assert.deepEqual(ofType(plan, children[0]!)[0]!.inputs.versioningConfiguration, { status: "Enabled" });
        const pab = ofType(plan, children[3]!)[0]!.inputs;
        for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(pab[flag], true, flag);
        assert.deepEqual(ofType(plan, children[4]!)[0]!.inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
        const rules = ofType(plan, children[1]!)[0]!.inputs.rules as Record<string, unknown>[];
        // The whole-bucket rules, then the rule expiring the post-deploy probes in the one copy prefix (db/).
        assert.deepEqual(
            rules.map((r) => r.id),
            ["abort-incomplete-multipart-uploads", "expire-noncurrent-versions", "expire-postdeploy-probes:db/postdeploy-runs/"],
        );
        assert.deepEqual(rules[0]!.abortIncompleteMultipartUpload, { daysAfterInitiation: 7 });
        assert.deepEqual(rules[1]!.noncurrentVersionExpiration, { noncurrentDays: 30 });
        assert.deepEqual(rules[2], {
            id: "expire-postdeploy-probes:db/postdeploy-runs/",
            status: "Enabled",
            filter: { prefix: "db/postdeploy-runs/" },
            expiration: { days: 1 },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
        });
        const policy = JSON.parse(String(ofType(plan, children[5]!)[0]!.inputs.policy));
        assert.deepEqual(policy.Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
        assert.equal(policy.Statement[0].Effect, "Deny");
        const sse = (ofType(plan, children[2]!)[0]!.inputs.rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[])[0]!;
        assert.equal(sse.applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
    });

    it("adds transitions, expiry and object lock when configured", async () => {
        const env = threeRoles("staging");
        env.remotes["aws-main"] = awsRemote("acme-backup-staging-main", {
            lifecycle: {
                noncurrentVersionExpirationDays: 60,
                abortIncompleteMultipartUploadDays: 2,
                expirationDays: 400,
                transitions: [{ days: 30, storageClass: "GLACIER_IR" }],
            },
            objectLock: { mode: "COMPLIANCE", days: 14 },
        });
        const plan = await runPlan("staging", { config: stackConfig(env) });
        assert.equal(one(plan, "aws:s3/bucket:Bucket", "aws-main").inputs.objectLockEnabled, true);
        const lock = one(plan, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "aws-main-object-lock");
        assert.deepEqual(lock.inputs.rule, { defaultRetention: { mode: "COMPLIANCE", days: 14 } });
        const rules = one(plan, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws-main-lifecycle").inputs.rules as Record<
            string,
            unknown
        >[];
        assert.deepEqual(rules[2], {
            id: "age-current-objects",
            status: "Enabled",
            filter: { prefix: "" },
            transitions: [{ days: 30, storageClass: "GLACIER_IR" }],
            expiration: { days: 400 },
        });
    });

    it("expires post-deploy probes in every copy prefix once, and nowhere a copy key does not write", async () => {
        const env = threeRoles("staging");
        // No sync credential: its prefix may not overlap a copy prefix, and "" overlaps every prefix.
        env.credentials = {
            "db-archive": { role: "copy", remote: "aws-main", prefix: "db/", hosts: ["db1"] },
            "db-archive-2": { role: "copy", remote: "aws-main", prefix: "db", hosts: ["db3"] },
            "all-archive": { role: "copy", remote: "aws-main", prefix: "", hosts: ["arch1"] },
            "restore-check": { role: "verify", remote: "aws-main", prefix: "logs/", hosts: ["monitor1"] },
        };
        const plan = await runPlan("staging", { config: stackConfig(env) });
        const rules = one(plan, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws-main-lifecycle").inputs.rules as Record<
            string,
            unknown
        >[];
        const probes = rules.filter((r) => String(r.id).startsWith("expire-postdeploy-probes"));
        // db/ (two credentials) once, "" as the top-level folder; not the verify prefix logs/.
        assert.deepEqual(
            probes.map((r) => r.filter),
            [{ prefix: "db/postdeploy-runs/" }, { prefix: "postdeploy-runs/" }],
        );
        assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, "rule IDs are unique");
    });

    it("adds no probe rule when no copy credential writes to the bucket", async () => {
        const env = threeRoles("staging");
        const credentials = { ...env.credentials };
        delete credentials["db-archive"];
        env.credentials = credentials;
        const plan = await runPlan("staging", { config: stackConfig(env) });
        const rules = one(plan, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws-main-lifecycle").inputs.rules as Record<
            string,
            unknown
        >[];
        assert.deepEqual(
            rules.map((r) => r.id),
            ["abort-incomplete-multipart-uploads", "expire-noncurrent-versions"],
        );
    });

    it("keeps a probe rule's ID within S3's 255 characters for a long prefix, stable per prefix", () => {
        const long = `${"a".repeat(240)}/postdeploy-runs/`;
        const id = probeRuleId(long);
        assert.ok(id.length <= 255, `${id.length} characters`);
        assert.equal(id, probeRuleId(long));
        assert.notEqual(id, probeRuleId(`${"b".repeat(240)}/postdeploy-runs/`));
        assert.equal(probeRuleId("db/postdeploy-runs/"), "expire-postdeploy-probes:db/postdeploy-runs/");
    });

    it("issues one IAM user, inline policy and access key per credential and host", async () => {
        const plan = await runPlan("staging", { config: stackConfig(threeRoles("staging")) });
        assert.deepEqual(
            ofType(plan, "aws:iam/user:User")
                .map((u) => u.name)
                .sort(),
            ["db-archive-db1", "db-archive-db2", "files-mirror-files1", "restore-check-monitor1"],
        );
        const user = one(plan, "aws:iam/user:User", "db-archive-db2");
        assert.equal(user.inputs.name, "backup-staging-db-archive-db2");
        assert.equal(user.inputs.path, "/backup/staging/");
        assert.equal((user.inputs.tags as Record<string, string>)["backup-remotes:role"], "copy");
        const policy = one(plan, "aws:iam/userPolicy:UserPolicy", "db-archive-db2-policy");
        assert.equal(policy.inputs.user, "backup-staging-db-archive-db2");
        assert.deepEqual(JSON.parse(String(policy.inputs.policy)), awsPolicyDocument("copy", "acme-backup-staging-main", "db/"));
        const key = one(plan, "aws:iam/accessKey:AccessKey", "db-archive-db2-key");
        assert.ok(key.additionalSecretOutputs.includes("secret"), "the engine keeps the key's secret secret");
        assert.equal(parentName(plan, key), "db-archive-db2");
    });

    it("keeps every secret access key secret in rcloneConfig, hosts and the sections", async () => {
        const plan = await runPlan("staging", { config: stackConfig(threeRoles("staging")) });
        assert.equal(plan.outputs.rcloneConfig.secret, true);
        assert.equal(plan.outputs.hosts.secret, true);
        assert.equal(plan.outputs.remotes.secret, false);
        assert.equal(plan.outputs.permissions.secret, false);
        for (const s of plan.sections) {
            assert.equal(s.options.secret_access_key?.secret, true, `${s.name} secret_access_key`);
            assert.ok(s.options.secret_access_key?.value.startsWith(MOCK_SECRET_PREFIX));
        }
        // The unredacted config really holds the keys (so hosts can use it)...
        assert.ok(plan.outputs.rcloneConfig.value.includes(MOCK_SECRET_PREFIX));
        // ...and the printable plan holds none of them.
        assert.ok(!JSON.stringify(redactPlan(plan)).includes(MOCK_SECRET_PREFIX));
    });

    it("gives each host only its own sections, under the host-independent name", async () => {
        const plan = await runPlan("staging", { config: stackConfig(threeRoles("staging")) });
        const hosts = plan.outputs.hosts.value as Record<string, { sections: { name: string; options: Record<string, string> }[] }>;
        assert.deepEqual(Object.keys(hosts).sort(), ["db1", "db2", "files1", "monitor1"]);
        assert.deepEqual(
            hosts.db1!.sections.map((s) => s.name),
            ["staging-db-archive"],
        );
        assert.deepEqual(
            hosts.db2!.sections.map((s) => s.name),
            ["staging-db-archive"],
        );
        assert.notEqual(hosts.db1!.sections[0]!.options.access_key_id, hosts.db2!.sections[0]!.options.access_key_id, "each host has its own key");
        assert.deepEqual(plan.sections.map((s) => s.name).sort(), [
            "staging-db-archive.db1",
            "staging-db-archive.db2",
            "staging-files-mirror.files1",
            "staging-restore-check.monitor1",
        ]);
    });

    it("sets the copy-only rclone options and flags only on copy sections", async () => {
        const plan = await runPlan("staging", { config: stackConfig(threeRoles("staging")) });
        const byName = new Map(plan.sections.map((s) => [s.name, s.options]));
        const copy = byName.get("staging-db-archive.db1")!;
        assert.equal(copy.no_head?.value, "true");
        assert.equal(copy.no_head_object?.value, "true");
        assert.equal(copy.no_check_bucket?.value, "true");
        // The one ACL BucketOwnerEnforced accepts, sent alike by every rclone version (docs/rclone-version.md).
        assert.equal(copy.acl?.value, "bucket-owner-full-control");
        const sync = byName.get("staging-files-mirror.files1")!;
        assert.equal(sync.no_head, undefined);
        assert.equal(sync.no_check_bucket?.value, "true");
        const remotes = plan.outputs.remotes.value as { section: string; rcloneFlags: string[]; path: string }[];
        assert.deepEqual(remotes.find((r) => r.section === "staging-db-archive.db1")?.rcloneFlags, ["--ignore-existing"]);
        assert.deepEqual(remotes.find((r) => r.section === "staging-files-mirror.files1")?.rcloneFlags, []);
        assert.equal(remotes.find((r) => r.section === "staging-db-archive.db1")?.path, "acme-backup-staging-main/db/");
    });

    it("protects every bucket resource in prod and none of the credentials", async () => {
        const plan = await runPlan("prod", { config: stackConfig(threeRoles("prod")) });
        const bucketParts = plan.resources.filter((r) => r.type.startsWith("aws:s3/"));
        assert.ok(bucketParts.length >= 7);
        for (const r of bucketParts) assert.equal(r.protect, true, `${r.type} ${r.name} is protected`);
        assert.equal(one(plan, "aws:s3/bucket:Bucket", "aws-main").retainOnDelete, true);
        for (const r of plan.resources.filter((x) => x.type.startsWith("aws:iam/"))) assert.equal(r.protect, false, r.name);
        const staging = await runPlan("staging", { config: stackConfig(threeRoles("staging")) });
        assert.ok(
            staging.resources.every((r) => !r.protect),
            "staging (protectBuckets: false) is not protected",
        );
    });

    it("refuses AWS root-account credentials before registering any resource", async () => {
        await assert.rejects(
            runPlan("staging", {
                config: stackConfig(threeRoles("staging")),
                callResults: {
                    "aws:index/getCallerIdentity:getCallerIdentity": {
                        accountId: "123456789012",
                        arn: "arn:aws:iam::123456789012:root",
                        userId: "123456789012",
                    },
                },
            }),
            (e: unknown) => {
                assert.ok(e instanceof PlanFailure);
                assert.match(e.message, /refusing to deploy with AWS root-account credentials \(arn:aws:iam::123456789012:root\)/);
                assert.deepEqual(e.registered, [], "nothing was registered");
                return true;
            },
        );
    });

    it("lists every config problem and registers nothing for an invalid config", async () => {
        const env = threeRoles("staging");
        env.environment = "prod";
        await assert.rejects(runPlan("staging", { config: stackConfig(env) }), (e: unknown) => {
            assert.ok(e instanceof PlanFailure);
            assert.ok(e.cause instanceof ConfigError);
            assert.match(e.message, /invalid configuration for stack "staging" \(1 problem\)/);
            assert.match(e.message, /backup-remotes:environment: is "prod" but the stack is "staging"/);
            assert.deepEqual(e.registered, []);
            return true;
        });
    });
});
