/** Creating a bucket no one has (removed again by the cleanup when it was created). */
import { createHash } from "node:crypto";
import { judgeApiCall } from "../account-calls";
import type { RunContext } from "../context";
import { probeFacts } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { defineCheck, REFUSED } from "./define";

export const createBucket = defineCheck({
    name: "create-bucket",
    code: "cb",
    attempt: "create buckets",
    phase: "attack",
    plan: () => REFUSED,
    run: createProbeBucket,
});

/** A name no one has: `postdeploy-probe-<hash of the run and the section>`, lower case, at most 63 characters. */
export function probeBucketName(runId: string, section: string): string {
    const h = createHash("sha256").update(`${runId}/${section}`).digest("hex").slice(0, 12);
    return `postdeploy-probe-${h}`;
}

async function createProbeBucket(ctx: RunContext, r: SectionRun): Promise<void> {
    const started = Date.now();
    const name = probeBucketName(ctx.runId, r.name);
    const res = await ctx.apiFor(r.section).createBucket(name);
    if (res.ok) ctx.createdBuckets.push({ name, by: r });
    await judgeApiCall(ctx, r, createBucket.name, res, `create bucket ${name}`, probeFacts(r.section.summary.provider).calls.createBucket, started);
}
