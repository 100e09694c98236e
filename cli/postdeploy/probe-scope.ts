/**
 * Reaching beyond the section's own prefix and bucket: a sibling prefix
 * (`db-…/` beside `db/`, which a policy on `db*` would also grant), another
 * credential's prefix in the same bucket, another environment's buckets.
 * Listing "works" when the provider answers with a listing; a write when the
 * probe is then seen there (effects.ts). Every probe lands in a folder of its
 * own.
 */
import type { RunContext } from "./context";
import type { SectionRun } from "./run-state";
import { listAs, runFiles, uploadAs } from "./observe";
import { intruderDir, siblingPrefix } from "./paths";
import { backendCall } from "./phase-own";
import { otherBucketsFor, otherPrefixFor } from "./plan";
import type { CheckName } from "./types";
import { mostPermissive, outcomeOf, type Observation } from "./verdict";

async function listAttempt(ctx: RunContext, r: SectionRun, bucket: string, dir: string): Promise<Omit<Observation, "what" | "call">> {
    const res = await listAs(ctx, r.name, bucket, dir);
    const failure = res.ok ? undefined : await ctx.failure(res.error, r.section.summary.provider);
    return { ...outcomeOf(failure, res.ok ? true : undefined), durationMs: res.durationMs };
}

/**
 * A write attempt outside the section's scope: one upload (rc copyfile with
 * no destination check, so no listing can fail first and hide a PutObject
 * the key should not have), its effect looked at later (effects.ts).
 */
async function writeAttempt(ctx: RunContext, r: SectionRun, check: CheckName, bucket: string, dir: string, label: string): Promise<void> {
    const src = runFiles(ctx).probe;
    const key = `${dir}${src.name}`;
    const res = await uploadAs(ctx, r.name, src, bucket, key);
    ctx.pending.push({
        run: r,
        check,
        ...(res.ok ? {} : { failure: await ctx.failure(res.error, r.section.summary.provider) }),
        writer: r.section,
        what: `write ${bucket}/${key} (${label})`,
        call: `rclone operations/copyfile → ${backendCall(r, "write")}`,
        durationMs: res.durationMs,
        effect: { kind: "present", bucket, key },
    });
}

async function listAndWrite(
    ctx: RunContext,
    r: SectionRun,
    checks: [CheckName, CheckName],
    bucket: string,
    foreignPrefix: string,
    label: string,
): Promise<void> {
    const dir = intruderDir(foreignPrefix, ctx.runId, r.name);
    const listed = await listAttempt(ctx, r, bucket, foreignPrefix);
    await ctx.judge(r, checks[0], {
        ...listed,
        what: `list ${bucket}/${foreignPrefix} (${label})`,
        call: `rclone operations/list → ${backendCall(r, "list")}`,
    });
    await writeAttempt(ctx, r, checks[1], bucket, dir, label);
}

export async function probeSibling(ctx: RunContext, r: SectionRun): Promise<void> {
    const { bucket, prefix } = r.section.summary;
    await listAndWrite(ctx, r, ["sibling-list", "sibling-write"], bucket, siblingPrefix(prefix), `a sibling of ${prefix}`);
}

export async function probeOtherPrefix(ctx: RunContext, r: SectionRun): Promise<void> {
    const { bucket } = r.section.summary;
    const other = otherPrefixFor(r.section, ctx.outputs.sections);
    const label = other ? `another credential's prefix` : "the bucket's top level, outside every prefix";
    await listAndWrite(ctx, r, ["other-prefix-list", "other-prefix-write"], bucket, other, label);
}

/** Every bucket of the other environment on the same provider; a check worked if it worked on any. */
export async function probeOtherEnv(ctx: RunContext, r: SectionRun): Promise<void> {
    const buckets = otherBucketsFor(r.section, ctx.otherEnvBuckets);
    const lists: Omit<Observation, "what" | "call">[] = [];
    for (const b of buckets) {
        lists.push(await listAttempt(ctx, r, b.bucket, b.prefix));
        await writeAttempt(ctx, r, "other-env-write", b.bucket, intruderDir(b.prefix, ctx.runId, r.name), "other environment");
    }
    const list = mostPermissive(lists, (o) => o.outcome);
    await ctx.judge(r, "other-env-list", {
        ...list,
        what: `list ${buckets.map((b) => b.bucket).join(", ")} (other environment)`,
        call: `rclone operations/list → ${backendCall(r, "list")}`,
    });
}
