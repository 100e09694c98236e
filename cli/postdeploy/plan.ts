/**
 * Which checks a section gets and what each must observe, derived from the
 * catalogue: each check's own file says when it applies and what it must
 * observe, from the permission model (`expectedOutcome` over the section's
 * effective permissions) and the provider's facts (profile.probes: the calls
 * it has are the checks that exist there); the matrix's checks are every
 * scope × every operation (planMatrix). Pure.
 */
import { expectedOutcome, type Attempt, type Expectation } from "../../components/permissions/expectations";
import type { DeployedSection } from "./outputs";
import { bucketKeepsVersions, probeFacts } from "./provider-probes";
import {
    ACCOUNT,
    ATTEMPT_TEXT,
    type CheckName,
    OPERATIONS,
    OWN,
    SCOPES,
    matrixCheck,
    type PlanInput,
    type ScopeInput,
    type ScopeTarget,
    type SingleCheck,
} from "./checks";
import type { ForeignBucket } from "./foreign-buckets";
import type { PlannedCheck } from "./types";

const REFUSED: Expectation = { outcome: "refused" };

/**
 * `sections`: the environment's (every credential's prefix and bucket is a
 * scope the others do not own); `otherEnvBuckets`: the other environment's.
 */
export function planChecks(
    section: DeployedSection,
    otherEnvBuckets: readonly ForeignBucket[],
    sections: readonly DeployedSection[] = [section],
): PlannedCheck[] {
    const p = section.permissions;
    const input: PlanInput = {
        permissions: p,
        facts: probeFacts(p.provider),
        keepsVersions: bucketKeepsVersions(p),
        expect: (a: Attempt) => expectedOutcome(p, a),
    };
    // Each check of its own file says whether it applies and what it must observe (checks/*.ts).
    const single = (checks: readonly SingleCheck<CheckName>[]): [CheckName, Expectation][] =>
        checks.flatMap((c) => {
            const e = c.plan(input);
            return e ? [[c.name, e] as [CheckName, Expectation]] : [];
        });
    const checks = [...single(OWN), ...planMatrix({ section, sections, otherEnv: otherEnvBuckets }), ...single(ACCOUNT)];
    return checks.map(([check, expectation]) => ({ check, expectation, attempt: ATTEMPT_TEXT[check] }));
}

/** Where each scope of the matrix lies for this section (none: the scope does not exist for it). */
export function scopeTargets(input: ScopeInput): ReadonlyMap<(typeof SCOPES)[number]["name"], readonly ScopeTarget[]> {
    return new Map(SCOPES.map((scope) => [scope.name, scope.targets(input)]));
}

/**
 * Every scope the section does not own × every operation the provider has
 * there; what each must observe, from the model: a scope the key cannot
 * reach refuses everything, and one the provider cannot fence (a deviation:
 * prefixes not enforced) allows what the role (or a deviation) allows, as
 * that deviation. Version deletes are no role's, anywhere.
 */
function planMatrix(input: ScopeInput): [CheckName, Expectation][] {
    const p = input.section.permissions;
    const facts = probeFacts(p.provider);
    const planned: [CheckName, Expectation][] = [];
    for (const [scope, targets] of scopeTargets(input)) {
        if (targets.length === 0) continue;
        const reach = expectedOutcome(p, SCOPES.find((s) => s.name === scope)!.attempt);
        for (const op of OPERATIONS) {
            if (op.call && !(facts.calls[op.call] && targets.some((t) => t.keepsVersions))) continue;
            planned.push([matrixCheck(scope, op.name).name, withinScope(reach, op.capability ? expectedOutcome(p, op.capability) : REFUSED)]);
        }
    }
    return planned;
}

function withinScope(reach: Expectation, capability: Expectation): Expectation {
    if (reach.outcome === "refused" || capability.outcome === "refused") return REFUSED;
    return reach;
}
