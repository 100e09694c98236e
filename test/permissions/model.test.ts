import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AWS_ACCESS, AWS_FORBIDDEN_ACTIONS, AWS_OBJECT_ACTIONS, awsGrantsFor, awsPolicyDocument } from "../../components/providers/aws/access";
import { grantLabel } from "../../components/permissions/access";
import { b2Capabilities, B2_FORBIDDEN_CAPABILITIES } from "../../components/providers/b2/access";
import { effectiveOn } from "../../components/providers/registry";
import { R2_ITEM_READ, R2_ITEM_WRITE, r2BucketResourceKey, r2PermissionGroup } from "../../components/providers/r2/access";
import { CAPABILITIES, ROLES, ROLE_CAPABILITIES, type Capability, type Role } from "../../components/permissions/roles";

/** The role table users read in the README; the model must say exactly this. */
const EXPECTED: Record<Role, Record<Capability, boolean>> = {
    copy: { list: true, read: false, write: true, delete: false },
    sync: { list: true, read: true, write: true, delete: true },
    verify: { list: true, read: true, write: false, delete: false },
};

function allowedActions(role: Role): string[] {
    return awsPolicyDocument(role, "b", "p/").Statement.flatMap((s) => s.Action);
}

describe("permission model", () => {
    for (const role of ROLES) {
        for (const c of CAPABILITIES) {
            it(`${role} ${EXPECTED[role][c] ? "has" : "lacks"} ${c}`, () => {
                assert.equal(ROLE_CAPABILITIES[role].includes(c), EXPECTED[role][c]);
                const actions = allowedActions(role);
                const grants = c === "list" ? ["s3:ListBucket"] : AWS_OBJECT_ACTIONS[c];
                for (const a of grants) assert.equal(actions.includes(a), EXPECTED[role][c], `AWS ${a}`);
                const aws = effectiveOn("aws", role, { versioning: true });
                assert.equal(aws.effective[c], EXPECTED[role][c] ? "allowed" : "denied", "AWS effective");
            });
        }
    }

    it("scopes AWS listing by s3:prefix and object actions by bucket/prefix", () => {
        assert.deepEqual(awsPolicyDocument("copy", "acme-backup-staging-main", "db/"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ListWithinPrefix",
                    Effect: "Allow",
                    Action: ["s3:ListBucket"],
                    Resource: ["arn:aws:s3:::acme-backup-staging-main"],
                    Condition: { StringLike: { "s3:prefix": ["db/", "db/*"] } },
                },
                {
                    Sid: "ObjectsWithinPrefix",
                    Effect: "Allow",
                    Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
                    Resource: ["arn:aws:s3:::acme-backup-staging-main/db/*"],
                },
                {
                    // The ACL header every upload carries (bucket-owner-full-control), and no other.
                    Sid: "PutObjectAclWithinPrefix",
                    Effect: "Allow",
                    Action: ["s3:PutObjectAcl"],
                    Resource: ["arn:aws:s3:::acme-backup-staging-main/db/*"],
                    Condition: { StringEquals: { "s3:x-amz-acl": ["bucket-owner-full-control"] } },
                },
            ],
        });
    });

    it("the permissions output names a conditioned grant with its condition; the verify role holds none", () => {
        assert.equal(grantLabel(AWS_ACCESS, "s3:PutObjectAcl"), "s3:PutObjectAcl if s3:x-amz-acl is bucket-owner-full-control");
        assert.equal(grantLabel(AWS_ACCESS, "s3:PutObject"), "s3:PutObject");
        assert.ok(awsGrantsFor("copy", undefined).includes("s3:PutObjectAcl"));
        assert.ok(!awsGrantsFor("verify", undefined).includes("s3:PutObjectAcl"));
        assert.equal(
            awsPolicyDocument("verify", "b", "").Statement.some((st) => st.Action.includes("s3:PutObjectAcl")),
            false,
        );
    });

    it("grants the whole bucket only when the prefix is empty", () => {
        const doc = awsPolicyDocument("verify", "b", "");
        assert.equal(doc.Statement[0]!.Condition, undefined);
        assert.deepEqual(doc.Statement[1]!.Resource, ["arn:aws:s3:::b/*"]);
    });

    it("never grants a forbidden AWS action to any role", () => {
        for (const role of ROLES) {
            for (const a of allowedActions(role)) assert.ok(!AWS_FORBIDDEN_ACTIONS.includes(a), `${role}: ${a}`);
            assert.ok(!allowedActions(role).some((a) => a.includes("*")), `${role} has a wildcard`);
        }
    });

    it("gives B2 keys file capabilities only, never deleteFiles or account capabilities", () => {
        assert.deepEqual(b2Capabilities("copy"), ["listFiles", "writeFiles"]);
        assert.deepEqual(b2Capabilities("sync"), ["listFiles", "readFiles", "writeFiles"]);
        assert.deepEqual(b2Capabilities("verify"), ["listFiles", "readFiles"]);
        for (const role of ROLES) for (const c of b2Capabilities(role)) assert.ok(!B2_FORBIDDEN_CAPABILITIES.includes(c));
    });

    it("names the B2 hide deviation of a write key with its control", () => {
        const copy = effectiveOn("b2", "copy", { versioning: true, noncurrentVersionDays: 30 });
        assert.equal(copy.effective.delete, "hide-only");
        const hide = copy.deviations.find((d) => d.id === "b2-write-can-hide");
        assert.ok(hide);
        assert.equal(hide.control, "versioning: previous versions are kept 30 days");
        assert.equal(effectiveOn("b2", "verify", { versioning: true }).effective.delete, "denied");
        assert.equal(effectiveOn("b2", "sync", { versioning: true }).effective.delete, "hide-only");
    });

    it("names R2's write-implies-read-and-delete deviation and its lock control", () => {
        assert.equal(r2PermissionGroup("copy"), R2_ITEM_WRITE);
        assert.equal(r2PermissionGroup("sync"), R2_ITEM_WRITE);
        assert.equal(r2PermissionGroup("verify"), R2_ITEM_READ);
        const copy = effectiveOn("r2", "copy", { versioning: false, prefixLockDays: 30 });
        assert.deepEqual(copy.effective, { list: "allowed", read: "allowed", write: "allowed", delete: "allowed" });
        assert.equal(copy.prefixEnforced, false);
        assert.deepEqual(copy.deviations.map((d) => d.id).sort(), [
            "r2-prefix-not-enforced",
            "r2-write-implies-delete",
            "r2-write-implies-read",
            "write-can-overwrite",
        ]);
        assert.match(copy.deviations.find((d) => d.id === "r2-write-implies-delete")!.control, /cannot be deleted until they are 30 days old/);
        const unlocked = effectiveOn("r2", "copy", { versioning: false });
        assert.match(unlocked.deviations.find((d) => d.id === "r2-write-implies-delete")!.control, /^none/);
    });

    it("keys an R2 token to exactly one bucket", () => {
        assert.equal(r2BucketResourceKey("abc123", undefined, "acme-backup-prod-r2"), "com.cloudflare.edge.r2.bucket.abc123_default_acme-backup-prod-r2");
        assert.equal(r2BucketResourceKey("abc123", "eu", "b"), "com.cloudflare.edge.r2.bucket.abc123_eu_b");
    });

    it("reports no deviation for AWS verify, whose key can neither write nor delete", () => {
        assert.deepEqual(effectiveOn("aws", "verify", { versioning: true }).deviations, []);
    });

    it("says so when an overwrite has no version to fall back on", () => {
        const d = effectiveOn("aws", "copy", { versioning: false }).deviations.find((x) => x.id === "write-can-overwrite");
        assert.equal(d?.control, "none: the bucket keeps no previous versions");
    });
});
