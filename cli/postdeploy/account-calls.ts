/**
 * What the account- and bucket-level checks share (checks/list-buckets.ts,
 * create-bucket.ts, bucket-*.ts): attempts rclone has no operation for, made
 * with the provider's API and the section's own credentials. The provider's
 * answer is the observation: a success is the provider confirming the change
 * (or the listing), a refusal its access error. Setting checks write back the
 * value that is there (read by the admin; for AWS versioning, the status the
 * outputs state), so an over-privileged key changes nothing.
 */
import type { RunContext } from "./context";
import type { ApiResult } from "./probe-api/types";
import { bucketKeepsVersions, probeFacts, type BucketSetting } from "./provider-probes";
import type { SectionRun } from "./run-state";
import type { CheckId } from "./types";
import { outcomeOf } from "./verdict";

/** Judge a provider API call of the section's: its answer is the effect, or the refusal. */
export async function judgeApiCall(
    ctx: RunContext,
    r: SectionRun,
    check: CheckId,
    res: ApiResult<unknown>,
    what: string,
    call: string,
    started: number,
): Promise<void> {
    const failure = res.ok ? undefined : await ctx.failure(res.text, r.section.summary.provider);
    await ctx.judge(r, check, { ...outcomeOf(failure, res.ok ? true : undefined), what, call, durationMs: Date.now() - started });
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

/** Write the bucket's current `setting` back unchanged with the section's key, judged as `check`. */
export async function rewriteSetting(ctx: RunContext, r: SectionRun, check: CheckId, setting: BucketSetting): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.bucketSettings[setting] ?? setting;
    const what = `rewrite the bucket's current ${setting} on ${r.section.summary.bucket}`;
    const started = Date.now();
    const current = await currentSetting(ctx, r, setting);
    if ("why" in current) {
        await ctx.judge(r, check, { outcome: "inconclusive", why: current.why, what, call, durationMs: 0 });
        return;
    }
    const res = await ctx.apiFor(r.section).writeSetting(r.section.summary.bucket, setting, current.value);
    await judgeApiCall(ctx, r, check, res, what, call, started);
}
