/**
 * Account- and bucket-level attempts rclone has no operation for, made with
 * the provider's API and the section's own credentials: list all buckets,
 * create a bucket, change the bucket's versioning, lifecycle or policy. For
 * these the provider's answer is the observation: a success is the provider
 * confirming the change (or the listing), a refusal its access error. Setting
 * probes write back the value that is there (read by the admin; for AWS
 * versioning, the status the outputs state), so an over-privileged key
 * changes nothing.
 */
import { createHash } from "node:crypto";
import type { RunContext } from "./context";
import type { SectionRun } from "./run-state";
import { bucketKeepsVersions, probeFacts, type BucketSetting } from "./provider-probes";
import type { ApiResult } from "./probe-api/types";
import type { CheckName } from "./types";
import { outcomeOf } from "./verdict";

async function judgeCall(
    ctx: RunContext,
    r: SectionRun,
    check: CheckName,
    res: ApiResult<unknown>,
    what: string,
    call: string,
    started: number,
): Promise<void> {
    const failure = res.ok ? undefined : await ctx.failure(res.text, r.section.summary.provider);
    await ctx.judge(r, check, { ...outcomeOf(failure, res.ok ? true : undefined), what, call, durationMs: Date.now() - started });
}

export async function probeListBuckets(ctx: RunContext, r: SectionRun): Promise<void> {
    const started = Date.now();
    const res = await ctx.apiFor(r.section).listBuckets();
    const what = res.ok ? `list all buckets (answered with ${res.value.length} bucket name(s))` : "list all buckets";
    await judgeCall(ctx, r, "list-buckets", res, what, probeFacts(r.section.summary.provider).calls.listBuckets, started);
}

/** A name no one has: `postdeploy-<run>-<hash of the section>`, lower case, at most 63 characters. */
export function probeBucketName(runId: string, section: string): string {
    const h = createHash("sha256").update(`${runId}/${section}`).digest("hex").slice(0, 12);
    return `postdeploy-probe-${h}`;
}

export async function probeCreateBucket(ctx: RunContext, r: SectionRun): Promise<void> {
    const started = Date.now();
    const name = probeBucketName(ctx.runId, r.name);
    const res = await ctx.apiFor(r.section).createBucket(name);
    if (res.ok) ctx.createdBuckets.push({ name, by: r });
    await judgeCall(ctx, r, "create-bucket", res, `create bucket ${name}`, probeFacts(r.section.summary.provider).calls.createBucket, started);
}

/** The value to write back: what the admin reads, else (AWS versioning only) what the outputs say. */
async function currentSetting(ctx: RunContext, r: SectionRun, setting: BucketSetting): Promise<{ value: string } | { why: string }> {
    const admin = ctx.adminFor(r.section);
    const bucket = r.section.summary.bucket;
    if (admin) {
        const res = await ctx.adminSetting(admin, bucket, setting);
        if (!res.ok) return { why: `the admin could not read the bucket's ${setting}: ${res.text.split("\n")[0]}` };
        return res.value === undefined ? { why: `the bucket has no ${setting} to write back unchanged` } : { value: res.value };
    }
    if (setting === "versioning" && bucketKeepsVersions(r.section.permissions)) return { value: "Enabled" };
    return { why: `reading the bucket's current ${setting} (so the attempt changes nothing) needs --admin-config` };
}

export async function probeBucketSetting(ctx: RunContext, r: SectionRun, setting: BucketSetting): Promise<void> {
    const check = `bucket-${setting}` as const;
    const call = probeFacts(r.section.summary.provider).calls.bucketSettings[setting] ?? setting;
    const what = `rewrite the bucket's current ${setting} on ${r.section.summary.bucket}`;
    const started = Date.now();
    const current = await currentSetting(ctx, r, setting);
    if ("why" in current) {
        await ctx.judge(r, check, { outcome: "inconclusive", why: current.why, what, call, durationMs: 0 });
        return;
    }
    const res = await ctx.apiFor(r.section).writeSetting(r.section.summary.bucket, setting, current.value);
    await judgeCall(ctx, r, check, res, what, call, started);
}
