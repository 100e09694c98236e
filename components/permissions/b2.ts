/**
 * Backblaze B2 application-key capabilities for a role. Keys are restricted
 * to one bucket (`bucketIds`) and the credential's prefix (`namePrefix`).
 *
 * `deleteFiles` is never granted: rclone's `hard_delete = false` makes sync
 * deletions hides, which keep the old version until the lifecycle removes it.
 */
import type { Capability, Role } from "./roles";
import { ROLE_CAPABILITIES } from "./roles";

export const B2_CAPABILITIES_BY_CAPABILITY: Readonly<Record<Capability, readonly string[]>> = {
    list: ["listFiles"],
    read: ["readFiles"],
    // writeFiles also allows b2_hide_file: the soft delete named as a deviation.
    write: ["writeFiles"],
    // Deletion is done as a hide (writeFiles); no deleteFiles.
    delete: [],
};

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

export function b2Capabilities(role: Role): string[] {
    const caps = ROLE_CAPABILITIES[role].flatMap((c) => B2_CAPABILITIES_BY_CAPABILITY[c]);
    return [...new Set(caps)];
}
