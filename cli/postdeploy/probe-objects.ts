/**
 * Attempts on objects within the section's scope: read, delete, delete a
 * noncurrent version, overwrite. Each aims at a target of its own
 * (targets.ts), so its verdict belongs to this section alone. A read is
 * judged at once (the bytes are the effect); the others once every section's
 * attempts are made (effects.ts).
 */
import type { RunContext } from "./context";
import type { SectionRun, Target } from "./run-state";
import { fsOf, runFiles, uploadAs } from "./observe";
import { backendCall } from "./phase-own";
import { readWithSection } from "./probe-read";
import { probeFacts } from "./provider-probes";
import { noncurrentOf, readNoncurrent } from "./probe-versions";
import { refusalUnwritten, startsUnwritten } from "./probe-unwritten";
import { prepareTarget, readTarget, versionedTarget } from "./targets";
import { outcomeOf } from "./verdict";

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
        await ctx.judge(
            r,
            "read",
            {
                outcome: "inconclusive",
                what,
                call,
                durationMs: seen.durationMs,
                why:
                    "the section read the object it wrote itself: this server lets an uploader read its own objects (AWS with " +
                    "BucketOwnerEnforced does not) or the key can read; give --admin-config so the target belongs to another identity",
            },
            "read",
        );
        return;
    }
    await ctx.judge(r, "read", { ...seen, what, call }, "read");
}

/**
 * Read the noncurrent version of the section's versioned target by id (the
 * version the version delete aims at next); the bytes are the effect. The
 * version was written by a key that may (the admin, the section itself or
 * another section within its scope); without one it is inconclusive.
 */
export async function probeReadVersion(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.readVersion ?? "version read";
    const aimed = noncurrentOf(await versionedTarget(ctx, r));
    if ("why" in aimed) {
        await ctx.judge(r, "read-version", { outcome: "inconclusive", why: aimed.why, what: "read a noncurrent version", call, durationMs: 0 }, "read");
        return;
    }
    const t = aimed.target;
    const what = `read noncurrent version ${t.versionId} of ${t.bucket}/${t.key} (${whose(r, t)}) and compare its SHA-256`;
    const seen = await readNoncurrent(ctx, r, t, what, call);
    const ownAndForbidden = seen.outcome === "worked" && t.writer === r.name && r.planned.get("read-version")?.expectation.outcome !== "succeeds";
    await ctx.judge(
        r,
        "read-version",
        ownAndForbidden
            ? {
                  ...seen,
                  outcome: "inconclusive",
                  why: "the section read a version it wrote itself: this server lets an uploader read its own objects or the key can read; give --admin-config",
              }
            : seen,
        "read",
    );
}

export async function probeDelete(ctx: RunContext, r: SectionRun): Promise<void> {
    if (startsUnwritten(r, "delete", "deleteObject")) {
        const at = { check: "delete", call: "deleteObject", bucket: r.section.summary.bucket, key: `${r.runDir}targets/unwritten.bin` } as const;
        const refused = await refusalUnwritten(ctx, r, at, "its own prefix");
        if (refused) return ctx.judge(r, "delete", refused, "delete");
    }
    const call = `rclone operations/deletefile → ${backendCall(r, "delete")}, then a listing`;
    const prepared = await prepareTarget(ctx, r, "delete.bin");
    if ("why" in prepared) {
        await ctx.judge(r, "delete", { outcome: "inconclusive", why: prepared.why, what: "delete", call, durationMs: 0 }, "delete");
        return;
    }
    const t = prepared.target;
    const res = await ctx.rcd.call("operations/deletefile", { fs: fsOf(r.name, t.bucket), remote: t.key }, ctx.settings.timeoutMs);
    ctx.pending.push({
        run: r,
        check: "delete",
        capability: "delete",
        ...(res.ok ? {} : { failure: await ctx.failure(res.error, r.section.summary.provider) }),
        what: `delete ${t.bucket}/${t.key} (${whose(r, t)})`,
        call,
        durationMs: res.durationMs,
        effect: { kind: "gone", bucket: t.bucket, key: t.key },
    });
}

export async function probeDeleteVersion(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.deleteVersion ?? "version delete";
    const aimed = noncurrentOf(await versionedTarget(ctx, r));
    if ("why" in aimed) {
        await ctx.judge(r, "delete-version", { outcome: "inconclusive", why: aimed.why, what: "delete a noncurrent version", call, durationMs: 0 });
        return;
    }
    const t = aimed.target;
    const started = Date.now();
    const res = await ctx.apiFor(r.section).deleteVersion(t.bucket, t.key, t.versionId);
    ctx.pending.push({
        run: r,
        check: "delete-version",
        ...(res.ok ? {} : { failure: await ctx.failure(res.text, r.section.summary.provider) }),
        what: `delete noncurrent version ${t.versionId} of ${t.bucket}/${t.key} (${whose(r, t)})`,
        call,
        durationMs: Date.now() - started,
        effect: { kind: "version-gone", bucket: t.bucket, key: t.key, versionId: t.versionId },
    });
}

/**
 * Overwrite the current version of the section's versioned target with new
 * bytes (rc copyfile, no destination check: an unconditional upload, as a
 * changed file would be), then verify the named control: where the bucket
 * keeps versions the replaced version is still there; a lock refuses the
 * overwrite itself.
 */
export async function probeOverwrite(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = `rclone operations/copyfile → ${backendCall(r, "write")}, then a listing and the replaced version`;
    const prepared = await versionedTarget(ctx, r);
    if ("why" in prepared) {
        await ctx.judge(r, "overwrite", { outcome: "inconclusive", why: prepared.why, what: "overwrite", call, durationMs: 0 }, "write");
        return;
    }
    const t = prepared.target.current;
    const src = runFiles(ctx).overwrite;
    const res = await uploadAs(ctx, r.name, src, t.bucket, t.key);
    ctx.pending.push({
        run: r,
        check: "overwrite",
        capability: "write",
        ...(res.ok ? {} : { failure: await ctx.failure(res.error, r.section.summary.provider) }),
        what: `overwrite ${t.bucket}/${t.key} (${whose(r, t)})`,
        call,
        durationMs: res.durationMs,
        effect: { kind: "replaced", bucket: t.bucket, key: t.key, size: src.size },
        ...(t.versionId ? { keptVersion: { versionId: t.versionId } } : {}),
    });
}

/**
 * PutObjectAcl public-read on an object of the section's own (written by the
 * admin or a writer, like the delete's): a 200 is the ACL applied (S3 answers
 * it only then), a refusal is an AccessDenied or, on a bucket that enforces
 * bucket ownership, AccessControlListNotSupported.
 */
export async function probeObjectAcl(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.objectAcl ?? "object ACL write";
    const prepared = await prepareTarget(ctx, r, "acl.bin");
    if ("why" in prepared) {
        await ctx.judge(r, "object-acl", { outcome: "inconclusive", why: prepared.why, what: "make an object public", call, durationMs: 0 });
        return;
    }
    const t = prepared.target;
    const started = Date.now();
    const res = await ctx.apiFor(r.section).putObjectAcl(t.bucket, t.key, "public-read");
    const failure = res.ok ? undefined : await ctx.failure(res.text, r.section.summary.provider);
    await ctx.judge(r, "object-acl", {
        ...outcomeOf(failure, res.ok ? true : undefined),
        what: `set the ACL public-read on ${t.bucket}/${t.key} (${whose(r, t)})`,
        call,
        durationMs: Date.now() - started,
    });
}
