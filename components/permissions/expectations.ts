/**
 * What a test of a live credential should observe for each kind of attempt,
 * derived from the effective permissions (never restated): an attempt the
 * role intends must succeed; any other must be refused, unless the provider
 * cannot refuse it, in which case the deviation (and its control) is named.
 */
import type { Deviation, EffectivePermissions } from "./effective";
import type { Capability } from "./roles";

/**
 * An attempt a post-deploy test makes: a capability within the credential's
 * scope, reaching outside its prefix, or into a bucket that is not its own
 * (every grant names one bucket, so no role intends that).
 */
export type Attempt = Capability | "outside-prefix" | "other-bucket";

export type Expectation =
    | { readonly outcome: "succeeds" }
    | { readonly outcome: "refused" }
    /** The role forbids it but the provider allows it: success is a known deviation. */
    | { readonly outcome: "refused-or-deviation"; readonly deviation: Deviation };

export function expectedOutcome(permissions: Pick<EffectivePermissions, "intended" | "deviations">, attempt: Attempt): Expectation {
    if (attempt !== "outside-prefix" && attempt !== "other-bucket" && permissions.intended.includes(attempt)) {
        return { outcome: "succeeds" };
    }
    const deviation = permissions.deviations.find((d) => d.capability === attempt);
    return deviation ? { outcome: "refused-or-deviation", deviation } : { outcome: "refused" };
}
