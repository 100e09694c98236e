/**
 * What a credential can really do on its provider, next to what its role
 * intends, with every difference named together with the control that
 * limits its harm. Consumers: the permissions output, the post-deploy
 * expectations, the policy pack's cross-check and the PR diff.
 */
import type { ProviderName } from "../outputs";
import type { Capability, Role } from "./roles";
import { CAPABILITIES, ROLE_CAPABILITIES, roleAllows } from "./roles";

/** `hide-only`: a delete that hides the file (B2), old versions kept. */
export const CAPABILITY_STATUSES = ["allowed", "denied", "hide-only"] as const;
export type CapabilityStatus = (typeof CAPABILITY_STATUSES)[number];

/** What a deviation can be about: a capability, an overwrite, or reach beyond the prefix. */
export const DEVIATION_SUBJECTS = [...CAPABILITIES, "overwrite", "outside-prefix"] as const;

export interface Deviation {
    /** Stable identifier, e.g. `r2-write-implies-delete`. */
    readonly id: string;
    /** What the credential can do beyond (or instead of) its role. */
    readonly capability: (typeof DEVIATION_SUBJECTS)[number];
    readonly description: string;
    /** The control that limits the harm, or a statement that none exists. */
    readonly control: string;
}

/** The protections of the bucket (and prefix) a credential writes to. */
export interface ScopeProtections {
    readonly versioning: boolean;
    /** Days a noncurrent / hidden version is kept before the lifecycle deletes it. */
    readonly noncurrentVersionDays?: number;
    /** Default object/file lock retention of the bucket, in days. */
    readonly objectLockDays?: number;
    /** R2 bucket lock rule covering the credential's prefix, in days. */
    readonly prefixLockDays?: number;
}

export interface EffectivePermissions {
    readonly intended: readonly Capability[];
    readonly effective: Readonly<Record<Capability, CapabilityStatus>>;
    readonly prefixEnforced: boolean;
    readonly deviations: readonly Deviation[];
}

/** Whether the provider can scope a credential to a prefix of its bucket. */
export const PREFIX_ENFORCED: Readonly<Record<ProviderName, boolean>> = { aws: true, b2: true, r2: false };

export function effectivePermissions(provider: ProviderName, role: Role, p: ScopeProtections): EffectivePermissions {
    const intended = ROLE_CAPABILITIES[role];
    const effective = Object.fromEntries(
        CAPABILITIES.map((c) => [c, roleAllows(role, c) ? "allowed" : "denied"]),
    ) as Record<Capability, CapabilityStatus>;
    const deviations: Deviation[] = [];
    const versionsKept = versionRetention(p);

    if (roleAllows(role, "write")) {
        deviations.push({
            id: "write-can-overwrite",
            capability: "overwrite",
            description: "writing an object under an existing name replaces its current content",
            control: provider === "r2"
                ? (p.prefixLockDays !== undefined
                    ? `bucket lock rule: objects under the prefix cannot be overwritten until they are ${p.prefixLockDays} days old`
                    : "none: R2 has no versioning and no lock rule covers this prefix")
                : versionsKept,
        });
    }

    if (provider === "b2") {
        if (roleAllows(role, "write")) {
            // b2_hide_file needs only writeFiles; hard deletion (deleteFiles) is never granted.
            effective.delete = "hide-only";
            if (!roleAllows(role, "delete")) {
                deviations.push({
                    id: "b2-write-can-hide",
                    capability: "delete",
                    description: b2HideDescription(p),
                    control: versionsKept,
                });
            }
        }
    }

    if (provider === "r2") {
        if (roleAllows(role, "write")) {
            // The only R2 group that can write is Item Write, which also reads and deletes.
            for (const c of ["read", "delete"] as const) {
                if (roleAllows(role, c)) continue;
                effective[c] = "allowed";
                deviations.push({
                    id: `r2-write-implies-${c}`,
                    capability: c,
                    description: `R2's Item Write permission group also grants ${c}; R2 cannot express list + write alone`,
                    control: c === "delete"
                        ? (p.prefixLockDays !== undefined
                            ? `bucket lock rule: objects under the prefix cannot be deleted until they are ${p.prefixLockDays} days old`
                            : "none: R2 has no versioning and no bucket lock rule covers this prefix")
                        : "none: the token reads only its one bucket",
                });
            }
        }
        deviations.push({
            id: "r2-prefix-not-enforced",
            capability: "outside-prefix",
            description: "R2 tokens are scoped to a bucket, not a prefix: the whole bucket is reachable",
            control: "one bucket per trust boundary; the token reaches no other bucket",
        });
    }

    return { intended, effective, prefixEnforced: PREFIX_ENFORCED[provider], deviations };
}

/**
 * A hide is a soft delete, but the bucket's lifecycle rule (daysFromHidingToDeleting)
 * turns it into a real deletion once the hidden version's days are up.
 */
function b2HideDescription(p: ScopeProtections): string {
    const base = "a B2 key with writeFiles can hide files (b2_hide_file, a soft delete; rclone deletes this way with " +
        "hard_delete = false); the hidden version remains";
    if (p.noncurrentVersionDays === undefined) return `${base} until a key with deleteFiles removes it (none is issued)`;
    const lock = p.objectLockDays !== undefined ? ` (file lock keeps every version at least ${p.objectLockDays} days)` : "";
    return `${base}, but the bucket's lifecycle rule deletes hidden versions ${p.noncurrentVersionDays} days after the hide, ` +
        `so an unnoticed hide becomes a deletion after ${p.noncurrentVersionDays} days${lock}`;
}

function versionRetention(p: ScopeProtections): string {
    const parts: string[] = [];
    if (p.versioning) {
        parts.push(p.noncurrentVersionDays !== undefined
            ? `versioning: previous versions are kept ${p.noncurrentVersionDays} days`
            : "versioning: previous versions are kept");
    }
    if (p.objectLockDays !== undefined) parts.push(`object lock: versions cannot be removed for ${p.objectLockDays} days`);
    return parts.length ? parts.join("; ") : "none: the bucket keeps no previous versions";
}
