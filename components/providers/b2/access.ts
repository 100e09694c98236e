/**
 * Backblaze B2 application-key capabilities and what they really allow. Keys
 * are restricted to one bucket and the credential's prefix (`namePrefix`).
 *
 * `deleteFiles` is never granted: rclone's `hard_delete = false` makes sync
 * deletions hides (b2_hide_file, which needs only writeFiles), which keep the
 * old version until the lifecycle removes it.
 */
import type { AccessModel } from "../../permissions/access";
import { grantsForRole } from "../../permissions/access";
import type { DeviationCatalogue } from "../../permissions/effective";
import { versionRetention, type ScopeProtections } from "../../permissions/protections";
import type { Role } from "../../permissions/roles";

/** Capabilities that reach beyond one bucket's files; never handed out. */
export const B2_FORBIDDEN_CAPABILITIES: readonly string[] = [
    "writeKeys",
    "deleteKeys",
    "listKeys",
    "writeBuckets",
    "deleteBuckets",
    "listAllBucketNames",
    "deleteFiles",
    "shareFiles",
    "writeBucketRetentions",
    "bypassGovernance",
    "writeFileRetentions",
    "writeFileLegalHolds",
    "writeBucketEncryption",
    "writeBucketReplications",
    "writeBucketNotifications",
];

export const B2_ACCESS: AccessModel = {
    grants: [
        { name: "listFiles", allows: { list: "allowed" } },
        { name: "readFiles", allows: { read: "allowed" } },
        // writeFiles also allows b2_hide_file: a soft delete.
        { name: "writeFiles", allows: { write: "allowed", delete: "hide-only" } },
        { name: "deleteFiles", allows: { delete: "allowed" } },
    ],
    // Deletion is done as a hide (writeFiles); no deleteFiles.
    issue: { kind: "per-capability", grants: { list: ["listFiles"], read: ["readFiles"], write: ["writeFiles"], delete: [] } },
    prefixEnforced: true,
    forbidden: B2_FORBIDDEN_CAPABILITIES,
};

export const B2_DEVIATIONS: DeviationCatalogue = {
    beyondRole: {
        delete: { id: "b2-write-can-hide", description: b2HideDescription, control: versionRetention },
    },
    // B2 application keys carry capabilities, a bucket, a name prefix and a lifetime, and nothing about the client's address
    // (b2_create_key: www.backblaze.com/apidocs/b2-create-key): hostAddresses cannot be enforced on them.
    addressesNotEnforced: {
        id: "b2-key-any-address",
        description: "a B2 application key works from any address: B2 keys have no address restriction, so hostAddresses cannot limit it",
        control:
            "the key's lifetime and rotation: it stops working at its validDurationInSeconds (maxKeyAgeDays, else the remote's " +
            "keyLifetimeDays), and `backup-remotes rotate` replaces or revokes one host's key alone",
    },
};

/** The capabilities of a key of `role`. */
export function b2Capabilities(role: Role): string[] {
    return grantsForRole(B2_ACCESS, role);
}

/**
 * A hide is a soft delete, but the bucket's lifecycle rule (daysFromHidingToDeleting)
 * turns it into a real deletion once the hidden version's days are up.
 */
function b2HideDescription(p: ScopeProtections): string {
    const base =
        "a B2 key with writeFiles can hide files (b2_hide_file, a soft delete; rclone deletes this way with " +
        "hard_delete = false); the hidden version remains";
    if (p.noncurrentVersionDays === undefined) return `${base} until a key with deleteFiles removes it (none is issued)`;
    const lock = p.objectLockDays !== undefined ? ` (file lock keeps every version at least ${p.objectLockDays} days)` : "";
    return (
        `${base}, but the bucket's lifecycle rule deletes hidden versions ${p.noncurrentVersionDays} days after the hide, ` +
        `so an unnoticed hide becomes a deletion after ${p.noncurrentVersionDays} days${lock}`
    );
}
