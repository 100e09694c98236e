/**
 * What a provider's grants are and what each one really allows, as data a
 * provider profile declares, and the two derivations every consumer shares:
 * which grants a role is issued, and what a set of grants (issued, or read
 * back from a deployed resource) lets its holder do.
 */
import type { Capability, Role } from "./roles";
import { CAPABILITIES, ROLE_CAPABILITIES } from "./roles";

/** `hide-only`: a delete that hides the file (B2), old versions kept. */
export const CAPABILITY_STATUSES = ["allowed", "denied", "hide-only"] as const;
export type CapabilityStatus = (typeof CAPABILITY_STATUSES)[number];
export type EffectiveCapabilities = Readonly<Record<Capability, CapabilityStatus>>;

/** Order of strength: what a holder of both statuses can do is the stronger one. */
const STRENGTH: Readonly<Record<CapabilityStatus, number>> = { denied: 0, "hide-only": 1, allowed: 2 };

export function strongerStatus(a: CapabilityStatus, b: CapabilityStatus): CapabilityStatus {
    return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

export function statusRank(s: CapabilityStatus): number {
    return STRENGTH[s];
}

/**
 * A grant issued only for requests of one kind: the provider evaluates the
 * request's `key` and allows the grant only when it is one of `values`.
 */
export interface GrantCondition {
    readonly key: string;
    readonly values: readonly string[];
    /** Why the grant is issued at all, and why only so. */
    readonly why: string;
}

/** One grant of a provider: an IAM action, a B2 key capability, an R2 permission group. */
export interface Grant {
    /** The provider's own name for it. */
    readonly name: string;
    /** What holding it really allows, beyond what its name suggests. Absent capabilities: denied. */
    readonly allows: Partial<Record<Capability, CapabilityStatus>>;
    /** Issued only under this condition; a holder without it holds more than the model issues. */
    readonly onlyWhen?: GrantCondition;
}

/**
 * How grants are issued for a role:
 * - `per-capability`: each intended capability gets its grants (IAM actions, B2 capabilities);
 * - `single-grant`: one grant that covers every intended capability, the one allowing least (R2 groups).
 */
export type IssueRule =
    | { readonly kind: "per-capability"; readonly grants: Readonly<Record<Capability, readonly string[]>> }
    | { readonly kind: "single-grant" };

export interface AccessModel {
    readonly grants: readonly Grant[];
    readonly issue: IssueRule;
    /** Whether the provider scopes a credential to a prefix of its bucket. */
    readonly prefixEnforced: boolean;
    /** Grants no generated credential may hold (checked by the policy pack). */
    readonly forbidden: readonly string[];
    /**
     * How the provider limits a key to its host's addresses (hostAddresses), in words; absent: it cannot, and a
     * deviation (DeviationCatalogue.addressesNotEnforced) says so for every key whose host lists addresses.
     */
    readonly addressLimit?: string;
}

function grantNamed(access: AccessModel, name: string): Grant {
    const g = access.grants.find((x) => x.name === name);
    if (!g) throw new Error(`access model: grant "${name}" is issued but not declared`);
    return g;
}

/** What a holder of `grants` can do (unknown grant names allow nothing). */
export function effectiveOfGrants(access: AccessModel, grants: readonly string[]): EffectiveCapabilities {
    const out = Object.fromEntries(CAPABILITIES.map((c) => [c, "denied"])) as Record<Capability, CapabilityStatus>;
    for (const name of grants) {
        const g = access.grants.find((x) => x.name === name);
        for (const c of CAPABILITIES) out[c] = strongerStatus(out[c], g?.allows[c] ?? "denied");
    }
    return out;
}

/** The grants a credential of `role` is issued, in a stable order, each once. */
export function grantsForRole(access: AccessModel, role: Role): string[] {
    const intended = ROLE_CAPABILITIES[role];
    if (access.issue.kind === "per-capability") {
        const rule = access.issue;
        const names = intended.flatMap((c) => rule.grants[c]);
        names.forEach((n) => grantNamed(access, n));
        return [...new Set(names)];
    }
    const covering = access.grants.filter((g) => intended.every((c) => (g.allows[c] ?? "denied") !== "denied"));
    const reach = (g: Grant) => CAPABILITIES.filter((c) => (g.allows[c] ?? "denied") !== "denied").length;
    const least = [...covering].sort((a, b) => reach(a) - reach(b))[0];
    if (!least) throw new Error(`access model: no single grant covers the ${role} role (${intended.join(", ")})`);
    return [least.name];
}

/** The grants a per-capability provider issues for one capability (empty for single-grant providers). */
export function grantsForCapability(access: AccessModel, capability: Capability): readonly string[] {
    return access.issue.kind === "per-capability" ? access.issue.grants[capability] : [];
}

/** The grants of `names` that carry a condition, with it. */
export function conditionedGrants(access: AccessModel, names: readonly string[]): (Grant & { readonly onlyWhen: GrantCondition })[] {
    return access.grants.filter((g): g is Grant & { readonly onlyWhen: GrantCondition } => g.onlyWhen !== undefined && names.includes(g.name));
}

/** A grant as people read it: its name, and its condition when it has one (`s3:PutObjectAcl if s3:x-amz-acl is bucket-owner-full-control`). */
export function grantLabel(access: AccessModel, name: string): string {
    const c = access.grants.find((g) => g.name === name)?.onlyWhen;
    if (!c) return name;
    return `${name} if ${c.key} is ${c.values.length === 1 ? c.values[0] : `one of ${c.values.join(", ")}`}`;
}

/** The grants that allow `capability` at all (for messages: "missing write permission (s3:PutObject)"). */
export function grantsAllowing(access: AccessModel, capability: Capability): string[] {
    return access.grants.filter((g) => (g.allows[capability] ?? "denied") !== "denied").map((g) => g.name);
}
