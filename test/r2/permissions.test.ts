/** R2 grants and the deviations the permissions output must state. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { effectiveOn } from "../../components/providers/registry";
import { R2_ITEM_READ, R2_ITEM_WRITE, r2BucketResourceKey, r2PermissionGroup, r2TokenResources } from "../../components/providers/r2/access";

describe("R2 grants", () => {
    it("gives copy and sync the Item Write group and verify the Item Read group", () => {
        assert.equal(r2PermissionGroup("copy"), R2_ITEM_WRITE);
        assert.equal(r2PermissionGroup("sync"), R2_ITEM_WRITE);
        assert.equal(r2PermissionGroup("verify"), R2_ITEM_READ);
        assert.equal(R2_ITEM_WRITE, "Workers R2 Storage Bucket Item Write");
        assert.equal(R2_ITEM_READ, "Workers R2 Storage Bucket Item Read");
    });

    it("scopes a token to exactly one bucket, with `default` for a bucket without jurisdiction", () => {
        assert.equal(r2BucketResourceKey("acc", undefined, "b"), "com.cloudflare.edge.r2.bucket.acc_default_b");
        assert.equal(r2BucketResourceKey("acc", "eu", "b"), "com.cloudflare.edge.r2.bucket.acc_eu_b");
        // A JSON string (pulumi-cloudflare >= 6.12) with a single key.
        assert.deepEqual(JSON.parse(r2TokenResources("acc", "fedramp", "b")), { "com.cloudflare.edge.r2.bucket.acc_fedramp_b": "*" });
    });
});

describe("R2 effective permissions", () => {
    it("says copy can also read and delete, and names the bucket lock as the control", () => {
        const e = effectiveOn("r2", "copy", { versioning: false, prefixLockDays: 90 });
        assert.deepEqual(e.intended, ["list", "write"]);
        assert.deepEqual(e.effective, { list: "allowed", read: "allowed", write: "allowed", delete: "allowed" });
        assert.equal(e.prefixEnforced, false);
        const byId = new Map(e.deviations.map((d) => [d.id, d]));
        assert.deepEqual([...byId.keys()].sort(), ["r2-prefix-not-enforced", "r2-write-implies-delete", "r2-write-implies-read", "write-can-overwrite"]);
        assert.match(byId.get("r2-write-implies-delete")!.control, /bucket lock rule.*cannot be deleted until they are 90 days old/);
        assert.match(byId.get("write-can-overwrite")!.control, /bucket lock rule.*cannot be overwritten until they are 90 days old/);
    });

    it("says plainly that nothing protects a copy prefix without a lock", () => {
        const e = effectiveOn("r2", "copy", { versioning: false });
        const controls = new Map(e.deviations.map((d) => [d.id, d.control]));
        assert.match(controls.get("r2-write-implies-delete")!, /^none: R2 has no versioning/);
        assert.match(controls.get("write-can-overwrite")!, /^none: R2 has no versioning/);
    });

    it("gives verify only the prefix deviation, and sync no over-grant beyond it", () => {
        const verify = effectiveOn("r2", "verify", { versioning: false });
        assert.deepEqual(verify.effective, { list: "allowed", read: "allowed", write: "denied", delete: "denied" });
        assert.deepEqual(
            verify.deviations.map((d) => d.id),
            ["r2-prefix-not-enforced"],
        );
        const sync = effectiveOn("r2", "sync", { versioning: false });
        assert.deepEqual(sync.deviations.map((d) => d.id).sort(), ["r2-prefix-not-enforced", "write-can-overwrite"]);
    });
});
