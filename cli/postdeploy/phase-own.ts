/**
 * Phase A, per section: what its role does every night, each check's own
 * `run` (checks/list.ts, write.ts, rerun.ts). The listing goes first: it
 * retries while a new key propagates, and a section that may list but
 * cannot is unusable, so nothing else is tried with its key. Then the other
 * own-phase checks of the catalogue that are planned, at once.
 */
import { ownPhaseChecks } from "./checks";
import { list } from "./checks/list";
import type { RunContext } from "./context";
import type { SectionRun } from "./run-state";

export async function phaseOwn(ctx: RunContext, r: SectionRun): Promise<void> {
    await list.run(ctx, r);
    if (r.planned.get(list.name)?.expectation.outcome === "succeeds" && !r.listWorked) {
        r.unusable = r.results.get(list.name)?.diagnosis ?? "list failed";
        return;
    }
    // The rerun copies into a folder of its own: the two nights (and the write) need not wait for each other.
    const rest = ownPhaseChecks().filter((c) => c !== list && r.planned.has(c.name));
    await Promise.all(rest.map((c) => c.run(ctx, r)));
}
