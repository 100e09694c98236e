/**
 * A second copy of the same multipart-sized file, for a key that writes
 * without reading: it must upload nothing and succeed. The copy role's
 * second night: the first copy judged by what rclone transferred, the
 * second by what it uploaded again (a key that cannot read makes rclone
 * re-upload, or fail, where its flags compare by reading the destination).
 */
import { roleAllows } from "../../../components/permissions/roles";
import type { RunContext } from "../context";
import { copyThenObserve, runFiles, uploadAs } from "../observe";
import { readWithSection } from "../probe-read";
import { backendCall, MULTIPART_PROBE_OPTIONS } from "../provider-probes";
import { rcConfigForFlags } from "../rc-config";
import type { LocalFile, SectionRun } from "../run-state";
import { outcomeOf } from "../verdict";
import { defineCheck, SUCCEEDS } from "./define";

export const rerun = defineCheck({
    name: "rerun",
    code: "rr",
    attempt: "copy",
    phase: "own",
    // A key that writes without reading is the one whose second copy used to HEAD what it could not read.
    plan: ({ permissions: p }) => (roleAllows(p.role, "write") && !roleAllows(p.role, "read") ? SUCCEEDS : undefined),
    run: copyTwice,
});

/**
 * The copy role's second night: the same 64 KiB file, uploaded as a multipart
 * upload (test-only cutoff), copied twice with the section's flags. With an
 * admin, the object is rewritten by the admin in between, so it belongs to
 * another identity as every object does on AWS with BucketOwnerEnforced.
 */
async function copyTwice(ctx: RunContext, r: SectionRun): Promise<void> {
    const s = r.section.summary;
    const src = runFiles(ctx).rerun;
    const fsOptions = MULTIPART_PROBE_OPTIONS[r.section.options.type ?? "s3"];
    const opts = { config: rcConfigForFlags(s.rcloneFlags).config, ...(fsOptions ? { fsOptions } : {}), stats: true };
    const dir = `${r.runDir}rerun/`;
    const call = `rclone sync/copy twice → ${backendCall(r.section, "write")}${fsOptions ? ` (multipart: ${fsOptions}, test-only)` : ""}`;
    // The first night is judged by what rclone transferred; the listing that proves effects is the write check's.
    const first = await copyThenObserve(ctx, r.section, src, s.bucket, dir, { ...opts, noListing: true });
    const arrived = !first.failure && (first.stats?.transfers ?? 0) === 1;
    if (arrived) ctx.written.push({ bucket: s.bucket, key: `${dir}${src.name}`, writer: r.section });
    if (!arrived) {
        await ctx.judge(
            r,
            rerun.name,
            {
                ...outcomeOf(first.failure, false),
                what: `first copy of ${s.bucket}/${dir}${src.name}`,
                call,
                durationMs: first.durationMs,
            },
            "write",
        );
        return;
    }
    const owner = await takeOwnership(ctx, r, src, dir, fsOptions);
    const second = await copyThenObserve(ctx, r.section, src, s.bucket, dir, { ...opts, noListing: true });
    await judgeRerun(ctx, r, { src, dir, call, owner, second });
}

/** The admin rewrites the object (same bytes, multipart too): it now belongs to someone else, as on AWS. */
async function takeOwnership(ctx: RunContext, r: SectionRun, src: LocalFile, dir: string, fsOptions?: string): Promise<string | undefined> {
    const admin = ctx.adminFor(r.section);
    if (!admin) return undefined;
    const res = await uploadAs(ctx, admin.section, src, r.section.summary.bucket, `${dir}${src.name}`, fsOptions);
    return res.ok ? admin.section : `(the admin could not rewrite it: ${res.error.split("\n")[0]})`;
}

/** What rclone logged about this object (e.g. "Failed to read metadata: Forbidden"). */
function rcloneSaid(ctx: RunContext, key: string): string {
    return ctx.rcd
        .logTail(200)
        .split("\n")
        .filter((l) => l.includes(`${key}:`))
        .slice(-2)
        .join("\n");
}

interface RerunSeen {
    readonly src: LocalFile;
    readonly dir: string;
    readonly call: string;
    readonly owner: string | undefined;
    readonly second: Awaited<ReturnType<typeof copyThenObserve>>;
}

async function judgeRerun(ctx: RunContext, r: SectionRun, seen: RerunSeen): Promise<void> {
    const { second, call } = seen;
    const what =
        `second copy of an unchanged ${seen.src.size / 1024} KiB multipart file ${seen.dir}${seen.src.name}` +
        (seen.owner ? `, the destination rewritten by ${seen.owner} in between` : "");
    const base = { what, call, durationMs: second.durationMs };
    const uploaded = second.stats ? second.stats.bytes : undefined;
    if (second.failure || uploaded === undefined) {
        await ctx.judge(r, rerun.name, { ...outcomeOf(second.failure, undefined), ...base }, "write");
        return;
    }
    if (uploaded > 0 || (second.stats?.transfers ?? 0) > 0) {
        const said = rcloneSaid(ctx, `${seen.dir}${seen.src.name}`);
        ctx.record(r, {
            check: rerun.name,
            status: "failed",
            outcome: "worked",
            call,
            durationMs: second.durationMs,
            detail: `${what}: uploaded ${uploaded} bytes again (${second.stats?.transfers} transfer): every run re-uploads, and fails where the comparison is refused`,
            diagnosis:
                `the section's flags (${r.section.summary.rcloneFlags.join(" ")}) make rclone compare by reading the destination, which this key may not; ` +
                "use --ignore-existing (or --size-only) for keys that cannot read",
            ...(said ? { error: said } : {}),
        });
        return;
    }
    if (!seen.owner) {
        // Without an admin the section's own object was compared: on a server that lets an uploader read
        // its own objects (AWS does not), the second run may have read what AWS would refuse.
        const own = await readWithSection(ctx, r, {
            bucket: r.section.summary.bucket,
            key: `${seen.dir}${seen.src.name}`,
            sha256: seen.src.sha256,
            size: seen.src.size,
            writer: r.name,
        });
        if (own.outcome === "worked") {
            await ctx.judge(
                r,
                rerun.name,
                {
                    outcome: "inconclusive",
                    ...base,
                    why: "this server lets the section read the object it wrote (AWS with BucketOwnerEnforced does not), so the second run may have compared what AWS would refuse; give --admin-config",
                },
                "write",
            );
            return;
        }
    }
    await ctx.judge(r, rerun.name, { outcome: "worked", ...base, what: `${what}: uploaded nothing, no error` }, "write");
}
