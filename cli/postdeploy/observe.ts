/**
 * Attempts through the run's rclone daemon and the observations that decide
 * whether they took effect. Effects are confirmed by a listing made by an
 * identity that may list there (the admin first, then sections), never by
 * rclone's exit status alone: rclone can succeed having done nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import type { DeployedSection } from "./outputs";
import type { RunContext } from "./context";
import { PROBE_FILE, RERUN_FILE } from "./paths";
import { covers, mayList } from "./section-access";
import type { RcResult, RcStats } from "./rcd";
import type { CallFailure } from "./verdict";
import type { LocalFile, RunFiles } from "./run-state";

/** A file in the daemon's private directory, to be copied somewhere. */
export interface Listed {
    readonly name: string;
    readonly size: number;
}

export function sha256(data: Buffer | string): string {
    return createHash("sha256").update(data).digest("hex");
}

function localFile(ctx: RunContext, sub: string, name: string, content: Buffer): LocalFile {
    const dir = ctx.rcd.localPath("src", sub);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(`${dir}/${name}`, content, { mode: 0o600 });
    return { dir, name, sha256: sha256(content), size: content.length };
}

/** The run's local files, written once into the daemon's private directory. */
export function runFiles(ctx: RunContext): RunFiles {
    ctx.files ??= {
        probe: localFile(ctx, "probe", PROBE_FILE, Buffer.from(`backup-remotes post-deploy probe\nrun ${ctx.runId}\n${randomBytes(16).toString("hex")}\n`)),
        rerun: localFile(ctx, "rerun", RERUN_FILE, randomBytes(64 * 1024)),
        overwrite: localFile(ctx, "overwrite", "overwrite.bin", randomBytes(2048)),
    };
    return ctx.files;
}

/** `<section>:<bucket>` (with connection-string options) as rc's fs parameter. */
export function fsOf(section: string, bucket: string, dir = "", options?: string): string {
    return `${section}${options ? `,${options}` : ""}:${bucket}${dir ? `/${dir}` : ""}`;
}

type ListEntry = { Name: string; Size: number; IsDir: boolean };

/** `rclone lsf`-like listing of bucket/dir as `section` (rc operations/list). */
export function listAs(ctx: RunContext, section: string, bucket: string, dir: string): Promise<RcResult<{ list: ListEntry[] }>> {
    return ctx.rcd.call<{ list: ListEntry[] }>("operations/list", { fs: fsOf(section, bucket), remote: dir.replace(/\/$/, "") }, ctx.settings.timeoutMs);
}

/**
 * Upload one local file to bucket/key as `section` with no destination check
 * (rc copyfile, NoCheckDest): an unconditional PutObject, as a changed file's
 * would be, with no listing or HEAD first that could fail and hide it.
 */
export function uploadAs(ctx: RunContext, section: string, src: LocalFile, bucket: string, key: string, fsOptions?: string): Promise<RcResult<unknown>> {
    return ctx.rcd.call(
        "operations/copyfile",
        {
            srcFs: src.dir,
            srcRemote: src.name,
            dstFs: fsOf(section, bucket, "", fsOptions),
            dstRemote: key,
            _config: { NoCheckDest: true },
        },
        ctx.settings.timeoutMs,
    );
}

/** Who may look into bucket/dir: the admin of that bucket, then `prefer`, then any usable section that may list there. */
function observers(ctx: RunContext, bucket: string, dir: string, prefer?: DeployedSection): string[] {
    const admin = ctx.adminForBucket(bucket)?.section;
    const sections = [prefer, ...ctx.allSections].filter(
        (s): s is DeployedSection => s !== undefined && mayList(s) && covers(s, bucket, dir) && ctx.run(s.summary.section)?.unusable === undefined,
    );
    return [...new Set([...(admin ? [admin] : []), ...sections.map((s) => s.summary.section)])];
}

/** The entries of bucket/dir as an identity that may list there sees them; undefined when none could look. */
export async function listDir(ctx: RunContext, bucket: string, dir: string, prefer?: DeployedSection): Promise<Listed[] | undefined> {
    // Two tries: a server that is gone should not cost one timeout per section.
    for (const who of observers(ctx, bucket, dir, prefer).slice(0, 2)) {
        const res = await listAs(ctx, who, bucket, dir);
        if (res.ok) return res.out.list.filter((e) => !e.IsDir).map((e) => ({ name: e.Name, size: e.Size }));
    }
    return undefined;
}

export interface CopyObservation {
    readonly failure?: CallFailure;
    readonly stats?: RcStats;
    /** Whether the file is there afterwards (undefined: nobody could look). */
    readonly present?: boolean;
    readonly durationMs: number;
}

export interface CopyOptions {
    /** rc `_config` (the section's rclone flags as ConfigInfo fields). */
    readonly config?: Readonly<Record<string, boolean>>;
    /** Backend options as a connection string (test-only upload cutoffs). */
    readonly fsOptions?: string;
    /** Also report what rclone transferred (rc core/stats). */
    readonly stats?: boolean;
    /** Skip the listing afterwards (the caller judges by the transfer statistics). */
    readonly noListing?: boolean;
}

/**
 * The one way a probe writes with a section: `rclone copy <local dir>
 * <section>:<bucket>/<dir>` through rc `sync/copy` (what a host's job runs,
 * listing the destination first), then a listing to see whether it arrived.
 */
export async function copyThenObserve(
    ctx: RunContext,
    who: DeployedSection,
    src: LocalFile,
    bucket: string,
    dir: string,
    opts: CopyOptions = {},
): Promise<CopyObservation> {
    const started = Date.now();
    const group = ctx.rcd.newGroup();
    const res = await ctx.rcd.call(
        "sync/copy",
        {
            srcFs: src.dir,
            dstFs: fsOf(who.summary.section, bucket, dir, opts.fsOptions),
            ...(opts.config ? { _config: opts.config } : {}),
        },
        ctx.settings.timeoutMs,
        group,
    );
    const stats = opts.stats ? await ctx.rcd.stats(group) : undefined;
    const listed = opts.noListing ? undefined : await listDir(ctx, bucket, dir, who);
    const present = listed ? listed.some((e) => e.name === src.name) : undefined;
    if (present) ctx.written.push({ bucket, key: `${dir}${src.name}`, writer: who });
    return {
        ...(res.ok ? {} : { failure: await ctx.failure(res.error, who.summary.provider) }),
        ...(stats ? { stats } : {}),
        ...(present !== undefined ? { present } : {}),
        durationMs: Date.now() - started,
    };
}
