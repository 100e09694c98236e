/**
 * Reaching beyond the section's own prefix and bucket: a sibling prefix
 * (`db-…/` beside `db/`, which a policy on `db*` would also grant), another
 * credential's prefix in the same bucket, another environment's buckets.
 * Listing "works" when the provider answers with a listing; a write when the
 * probe is then seen there. Every probe lands in a folder of its own.
 */
import { randomBytes } from "node:crypto";
import type { RunContext, SectionRun } from "./context";
import { copyThenObserve, fsOf, localFile } from "./observe";
import { intruderDir, PROBE_FILE, siblingPrefix, slug } from "./paths";
import { backendCall } from "./phase-own";
import { otherBucketsFor, otherPrefixFor } from "./plan";
import { rcConfigForFlags } from "./rc-config";
import type { CheckName } from "./types";
import { outcomeOf, type Observation } from "./verdict";

async function listAttempt(ctx: RunContext, r: SectionRun, bucket: string, dir: string): Promise<Omit<Observation, "what" | "call">> {
    const res = await ctx.rcd.call("operations/list", { fs: fsOf(r.name, bucket), remote: dir.replace(/\/$/, "") }, ctx.settings.timeoutMs);
    const failure = res.ok ? undefined : await ctx.failure(res.error, r.section.summary.provider);
    return { ...outcomeOf(failure, res.ok ? true : undefined), ...(failure ? { failure } : {}), durationMs: res.durationMs };
}

async function writeAttempt(ctx: RunContext, r: SectionRun, bucket: string, dir: string): Promise<Omit<Observation, "what" | "call">> {
    const src = localFile(ctx, `${slug(r.name)}-intruder`, PROBE_FILE, Buffer.from(`post-deploy intruder probe ${ctx.runId} ${r.name} ${randomBytes(8).toString("hex")}\n`));
    const seen = await copyThenObserve(ctx, r.section, src, bucket, dir, { config: rcConfigForFlags(r.section.summary.rcloneFlags).config });
    return { ...outcomeOf(seen.failure, seen.present), ...(seen.failure ? { failure: seen.failure } : {}), durationMs: seen.durationMs };
}

async function listAndWrite(ctx: RunContext, r: SectionRun, checks: [CheckName, CheckName], bucket: string, foreignPrefix: string, label: string): Promise<void> {
    const dir = intruderDir(foreignPrefix, ctx.runId, r.name);
    const listed = await listAttempt(ctx, r, bucket, foreignPrefix);
    await ctx.judge(r, checks[0], { ...listed, what: `list ${bucket}/${foreignPrefix} (${label})`, call: `rclone operations/list → ${backendCall(r, "list")}` });
    const wrote = await writeAttempt(ctx, r, bucket, dir);
    await ctx.judge(r, checks[1], { ...wrote, what: `write ${bucket}/${dir}${PROBE_FILE} (${label})`, call: `rclone sync/copy → ${backendCall(r, "write")}, then a listing` });
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

/** Every bucket of the other environment on the same provider; the check worked if it worked on any. */
export async function probeOtherEnv(ctx: RunContext, r: SectionRun): Promise<void> {
    const buckets = otherBucketsFor(r.section, ctx.otherEnv?.sections.map((s) => ({ provider: s.summary.provider, bucket: s.summary.bucket, prefix: s.summary.prefix })) ?? []);
    const pick = (all: Omit<Observation, "what" | "call">[]) =>
        all.find((o) => o.outcome === "worked") ?? all.find((o) => o.outcome === "inconclusive") ?? all[0]!;
    const lists: Omit<Observation, "what" | "call">[] = [];
    const writes: Omit<Observation, "what" | "call">[] = [];
    for (const b of buckets) {
        lists.push(await listAttempt(ctx, r, b.bucket, b.prefix));
        writes.push(await writeAttempt(ctx, r, b.bucket, intruderDir(b.prefix, ctx.runId, r.name)));
    }
    const names = buckets.map((b) => b.bucket).join(", ");
    await ctx.judge(r, "other-env-list", { ...pick(lists), what: `list ${names} (other environment)`, call: `rclone operations/list → ${backendCall(r, "list")}` });
    await ctx.judge(r, "other-env-write", { ...pick(writes), what: `write into ${names} (other environment)`, call: `rclone sync/copy → ${backendCall(r, "write")}, then a listing` });
}
