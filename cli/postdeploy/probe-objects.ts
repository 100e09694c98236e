/**
 * Attempts on objects within the section's scope: read, delete, delete a
 * noncurrent version, overwrite. Each aims at a target of its own
 * (targets.ts), so its verdict belongs to this section alone.
 */
import { randomBytes } from "node:crypto";
import type { RunContext, SectionRun, Target } from "./context";
import { fsOf, listDir, localFile } from "./observe";
import { backendCall } from "./phase-own";
import { readWithSection } from "./probe-read";
import { bucketKeepsVersions, PROVIDER_PROBES } from "./provider-probes";
import { prepareTarget, readTarget, versionStillThere } from "./targets";
import { outcomeOf } from "./verdict";

function dirOf(key: string): string {
    return key.slice(0, key.lastIndexOf("/") + 1);
}

function whose(r: SectionRun, t: Target): string {
    return t.writer === r.name ? "its own object" : `an object written by ${t.writer}`;
}

export async function probeRead(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = `rclone operations/copyfile → ${backendCall(r, "read")}, bytes compared`;
    const t = await readTarget(ctx, r);
    if ("why" in t) {
        await ctx.judge(r, "read", { outcome: "inconclusive", why: t.why, what: "read", call, durationMs: 0 }, "read");
        return;
    }
    const seen = await readWithSection(ctx, r, t.target);
    const what = `read ${t.target.bucket}/${t.target.key} (${whose(r, t.target)}) and compare its SHA-256`;
    if (t.own && seen.outcome === "worked" && r.planned.get("read")?.expectation.outcome !== "succeeds") {
        await ctx.judge(r, "read", {
            outcome: "inconclusive", what, call, durationMs: seen.durationMs,
            why: "the section read the object it wrote itself: this server lets an uploader read its own objects (AWS with " +
                "BucketOwnerEnforced does not) or the key can read; give --admin-config so the target belongs to another identity",
        }, "read");
        return;
    }
    await ctx.judge(r, "read", { ...seen, what, call }, "read");
}

export async function probeDelete(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = `rclone operations/deletefile → ${backendCall(r, "delete")}, then a listing`;
    const prepared = await prepareTarget(ctx, r, "delete.bin");
    if ("why" in prepared) {
        await ctx.judge(r, "delete", { outcome: "inconclusive", why: prepared.why, what: "delete", call, durationMs: 0 }, "delete");
        return;
    }
    const t = prepared.target;
    const res = await ctx.rcd.call("operations/deletefile", { fs: fsOf(r.name, t.bucket), remote: t.key }, ctx.settings.timeoutMs);
    const failure = res.ok ? undefined : await ctx.failure(res.error, r.section.summary.provider);
    const listed = await listDir(ctx, t.bucket, dirOf(t.key));
    const gone = listed ? !listed.some((e) => e.name === "delete.bin") : undefined;
    await ctx.judge(r, "delete", {
        ...outcomeOf(failure, gone), ...(failure ? { failure } : {}),
        what: `delete ${t.bucket}/${t.key} (${whose(r, t)})`, call, durationMs: res.durationMs,
    }, "delete");
}

export async function probeDeleteVersion(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = PROVIDER_PROBES[r.section.summary.provider].calls.deleteVersion ?? "version delete";
    const prepared = await prepareTarget(ctx, r, "versioned.bin", 2);
    if ("why" in prepared || !prepared.target.versionId) {
        const why = "why" in prepared ? prepared.why : "the bucket returned no version id: it keeps no versions";
        await ctx.judge(r, "delete-version", { outcome: "inconclusive", why, what: "delete a noncurrent version", call, durationMs: 0 });
        return;
    }
    const t = prepared.target;
    const started = Date.now();
    const res = await ctx.apiFor(r.section).deleteVersion(t.bucket, t.key, t.versionId!);
    const failure = res.ok ? undefined : await ctx.failure(res.text, r.section.summary.provider);
    const there = await versionStillThere(ctx, r, t);
    await ctx.judge(r, "delete-version", {
        ...outcomeOf(failure, there === undefined ? undefined : !there), ...(failure ? { failure } : {}),
        what: `delete noncurrent version ${t.versionId} of ${t.bucket}/${t.key} (${whose(r, t)})`, call, durationMs: Date.now() - started,
    });
}

/**
 * Overwrite a target with new bytes (rc copyfile, no destination check: an
 * unconditional upload, as a changed file would be), then verify the named
 * control: the previous version is still there where the bucket keeps
 * versions; a lock refuses the overwrite itself.
 */
export async function probeOverwrite(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = `rclone operations/copyfile → ${backendCall(r, "write")}, then a listing and the previous version`;
    const prepared = await prepareTarget(ctx, r, "overwrite.bin");
    if ("why" in prepared) {
        await ctx.judge(r, "overwrite", { outcome: "inconclusive", why: prepared.why, what: "overwrite", call, durationMs: 0 }, "write");
        return;
    }
    const t = prepared.target;
    const src = localFile(ctx, `${r.name}-overwrite`, "overwrite.bin", randomBytes(t.size + 17));
    const res = await ctx.rcd.call("operations/copyfile", {
        srcFs: src.dir, srcRemote: src.name, dstFs: fsOf(r.name, t.bucket), dstRemote: t.key, _config: { NoCheckDest: true },
    }, ctx.settings.timeoutMs);
    const failure = res.ok ? undefined : await ctx.failure(res.error, r.section.summary.provider);
    const listed = await listDir(ctx, t.bucket, dirOf(t.key));
    const replaced = listed ? listed.some((e) => e.name === "overwrite.bin" && e.size === src.size) : undefined;
    const base = { ...outcomeOf(failure, replaced), ...(failure ? { failure } : {}), what: `overwrite ${t.bucket}/${t.key} (${whose(r, t)})`, call, durationMs: res.durationMs };
    if (!replaced || !bucketKeepsVersions(r.section.permissions)) {
        await ctx.judge(r, "overwrite", base, "write");
        return;
    }
    const kept = await versionStillThere(ctx, r, t);
    if (kept === undefined) {
        await ctx.judge(r, "overwrite", { ...base, outcome: "inconclusive", why: "no identity could see whether the previous version was kept; give --admin-config" }, "write");
        return;
    }
    await ctx.judge(r, "overwrite", { ...base, control: { held: kept, seen: kept ? "the previous version is still there" : "the previous version is gone" } }, "write");
}
