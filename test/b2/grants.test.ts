/** B2 rows of the permission model: the capabilities per role and the effective permissions they give. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { B2_FORBIDDEN_CAPABILITIES, b2Capabilities } from "../../components/providers/b2/access";
import { effectiveOn } from "../../components/providers/registry";
import { ROLES } from "../../components/permissions/roles";

describe("B2 grants per role", () => {
    it("copy lists and writes; listBuckets is not needed (rclone takes the bucket ID from b2_authorize_account)", () => {
        assert.deepEqual(b2Capabilities("copy"), ["listFiles", "writeFiles"]);
    });

    it("sync adds readFiles but never deleteFiles (its deletions are hides)", () => {
        assert.deepEqual(b2Capabilities("sync"), ["listFiles", "readFiles", "writeFiles"]);
    });

    it("verify lists and reads", () => {
        assert.deepEqual(b2Capabilities("verify"), ["listFiles", "readFiles"]);
    });

    it("never hands out a forbidden (account-level or destructive) capability", () => {
        for (const role of ROLES) {
            for (const c of b2Capabilities(role)) assert.ok(!B2_FORBIDDEN_CAPABILITIES.includes(c), `${role}: ${c}`);
        }
        for (const c of ["writeKeys", "deleteKeys", "listKeys", "writeBuckets", "deleteBuckets", "listAllBucketNames", "deleteFiles", "bypassGovernance"]) {
            assert.ok(B2_FORBIDDEN_CAPABILITIES.includes(c), `${c} is forbidden`);
        }
    });
});

describe("B2 effective permissions", () => {
    it("names the hide a copy key can do, when the lifecycle turns it into a deletion, and the control", () => {
        const copy = effectiveOn("b2", "copy", { versioning: true, noncurrentVersionDays: 30 });
        assert.equal(copy.effective.delete, "hide-only");
        const hide = copy.deviations.find((d) => d.id === "b2-write-can-hide");
        assert.ok(hide);
        assert.equal(hide.capability, "delete");
        assert.equal(
            hide.description,
            "a B2 key with writeFiles can hide files (b2_hide_file, a soft delete; rclone deletes this way with hard_delete = false); " +
                "the hidden version remains, but the bucket's lifecycle rule deletes hidden versions 30 days after the hide, " +
                "so an unnoticed hide becomes a deletion after 30 days",
        );
        assert.equal(hide.control, "versioning: previous versions are kept 30 days");
    });

    it("adds the file lock to the hide deviation when the bucket has one", () => {
        const copy = effectiveOn("b2", "copy", { versioning: true, noncurrentVersionDays: 30, objectLockDays: 14 });
        const hide = copy.deviations.find((d) => d.id === "b2-write-can-hide")!;
        assert.match(hide.description, /\(file lock keeps every version at least 14 days\)$/);
        assert.equal(hide.control, "versioning: previous versions are kept 30 days; object lock: versions cannot be removed for 14 days");
    });

    it("says a hidden version stays when no lifecycle rule removes it", () => {
        const hide = effectiveOn("b2", "copy", { versioning: true }).deviations.find((d) => d.id === "b2-write-can-hide")!;
        assert.match(hide.description, /the hidden version remains until a key with deleteFiles removes it \(none is issued\)$/);
    });

    it("enforces the prefix, gives sync only hides and verify no delete", () => {
        assert.equal(effectiveOn("b2", "sync", { versioning: true }).effective.delete, "hide-only");
        assert.equal(effectiveOn("b2", "verify", { versioning: true }).effective.delete, "denied");
        for (const role of ROLES) assert.equal(effectiveOn("b2", role, { versioning: true }).prefixEnforced, true);
    });
});
