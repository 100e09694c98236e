/**
 * The permission diff classifies protection changes by value, on each
 * provider's real protections (computed by its profile from config): whatever
 * shortens how long data or its history survives is an escalation.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { diffProtections } from "../../cli/permissions-diff/protections-diff";
import type { Protections } from "../../components/permissions/protections";
import { PROVIDERS } from "../../components/providers/registry";

/** The protections of a remote as its provider's profile computes them, copy prefix "db/". */
function protections(remote: Record<string, unknown>): Protections {
    const profile = PROVIDERS.get(String(remote.provider));
    return profile.bucketModel(profile.remoteSchema.parse(remote), ["db/"]).protections;
}

function kinds(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
    return diffProtections(protections(before), protections(after)).map((c) => `${c.escalation ? "!" : ""}${c.kind}`);
}

const AWS = {
    provider: "aws",
    bucket: "acme-backup-staging-main",
    region: "eu-west-1",
    lifecycle: { noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7 },
    objectLock: { mode: "COMPLIANCE", days: 30 },
};
const B2 = {
    provider: "b2",
    bucket: "acme-backup-staging-vault",
    region: "us-west-004",
    lifecycle: { noncurrentVersionExpirationDays: 14, abortIncompleteMultipartUploadDays: 3 },
};
const R2 = {
    provider: "r2",
    accountId: "3f1c0a9e5b7d42c88e6a1b2c3d4e5f60",
    bucket: "acme-backup-staging-offsite",
    lifecycle: { abortIncompleteMultipartUploadDays: 3, expirationDays: 60 },
    lockDays: 30,
};
const lifecycle = (base: { lifecycle: object }, over: object) => ({ lifecycle: { ...base.lifecycle, ...over } });

describe("protection changes by value", () => {
    it("AWS: shorter history, versioning suspended, expiry added, lock removed, shortened or weakened escalate; longer does not", () => {
        assert.deepEqual(kinds(AWS, { ...AWS, ...lifecycle(AWS, { noncurrentVersionExpirationDays: 7 }) }), ["!protection-changed"]);
        assert.deepEqual(kinds(AWS, { ...AWS, ...lifecycle(AWS, { noncurrentVersionExpirationDays: 90 }) }), ["protection-changed"]);
        assert.deepEqual(kinds(AWS, { ...AWS, versioning: false }), ["!versioning-off"]);
        assert.deepEqual(kinds(AWS, { ...AWS, ...lifecycle(AWS, { expirationDays: 400 }) }), ["!protection-added"]);
        assert.deepEqual(kinds({ ...AWS, ...lifecycle(AWS, { expirationDays: 400 }) }, AWS), ["protection-removed"]);
        assert.deepEqual(kinds(AWS, { ...AWS, objectLock: undefined }), ["!protection-removed"]);
        assert.deepEqual(kinds(AWS, { ...AWS, objectLock: { mode: "COMPLIANCE", days: 10 } }), ["!protection-changed"]);
        assert.deepEqual(kinds(AWS, { ...AWS, objectLock: { mode: "GOVERNANCE", days: 30 } }), ["!protection-changed"]);
        assert.deepEqual(kinds(AWS, { ...AWS, objectLock: { mode: "COMPLIANCE", days: 60 } }), ["protection-changed"]);
        // Aborting stale multipart uploads sooner loses nothing anyone wants.
        assert.deepEqual(kinds(AWS, { ...AWS, ...lifecycle(AWS, { abortIncompleteMultipartUploadDays: 1 }) }), ["protection-changed"]);
    });

    it("AWS: an expiry on a versioned bucket counts the days the expired version survives", () => {
        const [change] = diffProtections(protections(AWS), protections({ ...AWS, ...lifecycle(AWS, { expirationDays: 400 }) }));
        assert.equal(change?.text, "objects now expire: deleted after 400 days, data gone after 430 days");
    });

    it("B2: an expiry is a hide that becomes a deletion: an escalation, with the days until the data is gone", () => {
        const changes = diffProtections(protections(B2), protections({ ...B2, ...lifecycle(B2, { expirationDays: 30 }) }));
        assert.deepEqual(
            changes.map((c) => [c.kind, c.escalation]),
            [["protection-added", true]],
        );
        assert.equal(changes[0]!.text, "objects now expire: hidden after 30 days, data gone after 44 days");
        assert.deepEqual(kinds(B2, { ...B2, ...lifecycle(B2, { noncurrentVersionExpirationDays: 3 }) }), ["!protection-changed"]);
        assert.deepEqual(kinds(B2, { ...B2, ...lifecycle(B2, { noncurrentVersionExpirationDays: 30 }) }), ["protection-changed"]);
        assert.deepEqual(kinds({ ...B2, objectLock: { mode: "GOVERNANCE", days: 30 } }, B2), ["!protection-removed"]);
        // Hidden versions kept longer delay the deletion an expiry makes: longer, not an escalation.
        const withExpiry = { ...B2, ...lifecycle(B2, { expirationDays: 30 }) };
        assert.deepEqual(kinds(withExpiry, { ...withExpiry, ...lifecycle(withExpiry, { noncurrentVersionExpirationDays: 30 }) }), [
            "protection-changed",
            "protection-changed",
        ]);
    });

    it("R2: a lock removed or shortened and an expiry added or brought forward escalate; a longer lock or a dropped expiry do not", () => {
        assert.deepEqual(kinds(R2, { ...R2, lockDays: undefined }), ["!protection-removed"]);
        assert.deepEqual(kinds(R2, { ...R2, lockDays: 7 }), ["!protection-changed"]);
        assert.deepEqual(kinds(R2, { ...R2, lockDays: 90 }), ["protection-changed"]);
        assert.deepEqual(kinds(R2, { ...R2, ...lifecycle(R2, { expirationDays: 10 }) }), ["!protection-changed"]);
        assert.deepEqual(kinds(R2, { ...R2, ...lifecycle(R2, { expirationDays: 90 }) }), ["protection-changed"]);
        assert.deepEqual(kinds(R2, { ...R2, lifecycle: { abortIncompleteMultipartUploadDays: 3 } }), ["protection-removed"]);
        const noExpiry = { ...R2, lifecycle: { abortIncompleteMultipartUploadDays: 3 } };
        assert.deepEqual(kinds(noExpiry, R2), ["!protection-added"]);
    });

    it("a base that published protections as sentences cannot be compared by value: a person must look", () => {
        const changes = diffProtections(["versioning (noncurrent versions kept 30 days)"], protections(AWS));
        assert.deepEqual(
            changes.map((c) => [c.kind, c.escalation]),
            [["protection-changed", true]],
        );
        assert.match(changes[0]!.text, /cannot be compared by value/);
    });
});
