/**
 * What a credential can really do on its provider, next to what its role
 * intends, with every difference named together with the control that
 * limits its harm. Generic: the provider's access model says what its grants
 * allow and how it words each deviation; nothing here knows a provider.
 * Consumers: the permissions output, the post-deploy expectations, the
 * policy pack's cross-check and the PR diff.
 */
import { effectiveOfGrants, grantsForRole, type AccessModel, type EffectiveCapabilities } from "./access";
import { versionRetention, type ScopeProtections } from "./protections";
import type { Capability, Role } from "./roles";
import { CAPABILITIES, ROLE_CAPABILITIES, roleAllows } from "./roles";

/** What a deviation can be about: a capability, an overwrite, reach beyond the prefix, or use from any address. */
export const DEVIATION_SUBJECTS = [...CAPABILITIES, "overwrite", "outside-prefix", "any-address"] as const;
export type DeviationSubject = (typeof DEVIATION_SUBJECTS)[number];

export interface Deviation {
    /** Stable identifier, e.g. `r2-write-implies-delete`. */
    readonly id: string;
    /** What the credential can do beyond (or instead of) its role. */
    readonly capability: DeviationSubject;
    readonly description: string;
    /** The control that limits the harm, or a statement that none exists. */
    readonly control: string;
}

/** How a provider words one deviation; both texts may depend on the protections in force. */
export interface DeviationText {
    readonly id: string;
    readonly description: string | ((p: ScopeProtections) => string);
    readonly control: string | ((p: ScopeProtections) => string);
}

/** A provider's wording of its deviations (part of its profile). */
export interface DeviationCatalogue {
    /** The control of "a write can overwrite"; default: how long previous versions survive. */
    readonly overwriteControl?: (p: ScopeProtections) => string;
    /** A capability the provider's grants allow although the role does not intend it. */
    readonly beyondRole: Partial<Record<Capability, DeviationText>>;
    /** Required when the access model does not enforce prefixes. */
    readonly prefixNotEnforced?: DeviationText;
    /** Required when the access model has no addressLimit and a key's host lists addresses. */
    readonly addressesNotEnforced?: DeviationText;
}

export interface EffectivePermissions {
    readonly intended: readonly Capability[];
    readonly effective: EffectiveCapabilities;
    readonly prefixEnforced: boolean;
    readonly deviations: readonly Deviation[];
}

const OVERWRITE_DESCRIPTION = "writing an object under an existing name replaces its current content";

function render(text: DeviationText, subject: DeviationSubject, p: ScopeProtections): Deviation {
    const word = (t: string | ((x: ScopeProtections) => string)) => (typeof t === "string" ? t : t(p));
    return { id: text.id, capability: subject, description: word(text.description), control: word(text.control) };
}

/** `addressed`: some host of the credential lists addresses (hostAddresses). */
export function effectivePermissions(
    access: AccessModel,
    deviations: DeviationCatalogue,
    role: Role,
    p: ScopeProtections,
    addressed = false,
): EffectivePermissions {
    const effective = effectiveOfGrants(access, grantsForRole(access, role));
    const found: Deviation[] = [];
    if (roleAllows(role, "write")) {
        found.push({
            id: "write-can-overwrite",
            capability: "overwrite",
            description: OVERWRITE_DESCRIPTION,
            control: (deviations.overwriteControl ?? versionRetention)(p),
        });
    }
    for (const c of CAPABILITIES) {
        if (roleAllows(role, c) || effective[c] === "denied") continue;
        const text = deviations.beyondRole[c];
        if (!text) throw new Error(`access model: the ${role} role can ${c} on this provider, but no deviation names it`);
        found.push(render(text, c, p));
    }
    if (!access.prefixEnforced) {
        if (!deviations.prefixNotEnforced) throw new Error("access model: prefixes are not enforced, but no deviation names it");
        found.push(render(deviations.prefixNotEnforced, "outside-prefix", p));
    }
    if (addressed && access.addressLimit === undefined) {
        if (!deviations.addressesNotEnforced) throw new Error("access model: hosts list addresses the provider cannot enforce, but no deviation names it");
        found.push(render(deviations.addressesNotEnforced, "any-address", p));
    }
    return { intended: ROLE_CAPABILITIES[role], effective, prefixEnforced: access.prefixEnforced, deviations: found };
}
