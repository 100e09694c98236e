import type { Protections, ScopeProtections } from "../../components/permissions/protections";

/** Bucket protections that match `scope` (what the fixtures' permissions were derived from). */
export function protectionsOf(scope: ScopeProtections): Protections {
    return {
        versioning: scope.versioning
            ? { state: "enabled", ...(scope.noncurrentVersionDays !== undefined ? { noncurrentDays: scope.noncurrentVersionDays } : {}) }
            : { state: "unavailable" },
        locks: scope.objectLockDays !== undefined ? [{ kind: "object-lock", mode: "GOVERNANCE", days: scope.objectLockDays, prefixes: [""] }] : [],
        abortIncompleteUploadsDays: 7,
        transitions: [],
        encryption: "AES256",
        tlsOnly: false,
        summary: [],
    };
}
