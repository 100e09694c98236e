/**
 * Phase B, per section: what an attacker of backups would try with the key,
 * each attempt on a target of its own. Which attempts a section gets is
 * planned from the permission model (plan.ts); how each runs is its check's
 * `run` (checks/); this only runs them in catalogue order, then the matrix.
 */
import { attackPhaseChecks } from "./checks";
import type { RunContext } from "./context";
import { probeScopes } from "./probe-scope";
import type { SectionRun } from "./run-state";

export async function phaseAttacks(ctx: RunContext, r: SectionRun): Promise<void> {
    if (r.unusable) return;
    // One after the other, in catalogue order (checks/index.ts): read-version comes before delete-version,
    // which aims at the same noncurrent version, so the version is read before it may be gone.
    for (const check of attackPhaseChecks()) if (r.planned.has(check.name)) await check.run(ctx, r);
    // Every scope the section does not own × every operation (checks/matrix.ts): planned per check inside.
    await probeScopes(ctx, r);
}
