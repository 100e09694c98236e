/**
 * Phase B, per section: what an attacker of backups would try with the key,
 * each attempt on a target of its own. Which attempts a section gets is
 * planned from the permission model (plan.ts); this only runs them in order.
 */
import type { RunContext } from "./context";
import type { SectionRun } from "./run-state";
import { probeBucketSetting, probeCreateBucket, probeListBuckets } from "./probe-account";
import { probeDelete, probeDeleteVersion, probeObjectAcl, probeOverwrite, probeRead, probeReadVersion } from "./probe-objects";
import { probeScopes } from "./probe-scope";
import type { CheckName } from "./types";

export async function phaseAttacks(ctx: RunContext, r: SectionRun): Promise<void> {
    if (r.unusable) return;
    const steps: readonly [CheckName, () => Promise<void>][] = [
        ["read", () => probeRead(ctx, r)],
        // Before the version delete, which aims at the same noncurrent version.
        ["read-version", () => probeReadVersion(ctx, r)],
        ["delete", () => probeDelete(ctx, r)],
        ["delete-version", () => probeDeleteVersion(ctx, r)],
        ["overwrite", () => probeOverwrite(ctx, r)],
        ["object-acl", () => probeObjectAcl(ctx, r)],
        ["list-buckets", () => probeListBuckets(ctx, r)],
        ["create-bucket", () => probeCreateBucket(ctx, r)],
        ["bucket-versioning", () => probeBucketSetting(ctx, r, "versioning")],
        ["bucket-lifecycle", () => probeBucketSetting(ctx, r, "lifecycle")],
        ["bucket-policy", () => probeBucketSetting(ctx, r, "policy")],
    ];
    for (const [check, step] of steps) if (r.planned.has(check)) await step();
    // Every scope the section does not own × every operation (checks/matrix.ts): planned per check inside.
    await probeScopes(ctx, r);
}
