/**
 * Where and how a config file holding secrets is written: never through a
 * symlink, never into a directory others can write, and atomically — a temp
 * file in the same directory, created 0600 with O_EXCL, fsynced, renamed over
 * the target, then the directory fsynced. A crash at any point leaves either
 * the old file or the new one, never a mix. The previous file is kept as a
 * backup (0600 too, written the same way).
 */
import { constants, type Stats } from "node:fs";
import { chmod, lstat, mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { CliError } from "./cli-error";
import { describeFsError } from "./fs-error";

export const FILE_MODE = 0o600;

export interface ExistingTarget {
    readonly path: string;
    /** Undefined when the file does not exist yet. */
    readonly stats?: Stats;
    /** The file's bytes, when it exists. */
    readonly bytes?: Buffer;
    /** Whether the directory must be created. */
    readonly directoryMissing: boolean;
}

/** Check that `path` is safe to write and read what is there now. Nothing is created or changed. */
export async function inspectTarget(path: string): Promise<ExistingTarget> {
    const dir = dirname(path);
    let dirStats: Stats | undefined;
    try {
        dirStats = await stat(dir);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new CliError(`cannot inspect directory ${dir}: ${describeFsError(err)}`);
    }
    if (dirStats !== undefined) {
        if (!dirStats.isDirectory()) throw new CliError(`${dir} is not a directory; choose another --out`);
        if ((dirStats.mode & 0o002) !== 0) {
            throw new CliError(
                `refusing to write secrets into ${dir}: the directory is world-writable, so another user could ` +
                    `swap the file; use a directory only you can write (e.g. chmod o-w ${dir}, or --out under your home)`,
            );
        }
    }

    let stats: Stats | undefined;
    try {
        stats = await lstat(path);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new CliError(`cannot inspect ${path}: ${describeFsError(err)}`);
    }
    if (stats?.isSymbolicLink()) {
        throw new CliError(
            `refusing to write through the symlink ${path}; replacing it would break the link and writing ` +
                "through it would put secrets wherever it points. Pass --out with the real file's path",
        );
    }
    if (stats !== undefined && !stats.isFile()) throw new CliError(`${path} exists and is not a regular file; choose another --out`);

    let bytes: Buffer | undefined;
    if (stats !== undefined) {
        try {
            bytes = await readFile(path, { flag: constants.O_RDONLY | constants.O_NOFOLLOW });
        } catch (err) {
            throw new CliError(`cannot read the existing ${path}: ${describeFsError(err)}; it was left untouched`);
        }
    }
    return { path, directoryMissing: dirStats === undefined, ...(stats ? { stats } : {}), ...(bytes ? { bytes } : {}) };
}

/** Test seam: called with the temp file's path after its data is written, before it is committed. */
export interface WriteHooks {
    readonly beforeCommit?: (tempPath: string) => void | Promise<void>;
}

/**
 * Replace `target.path` with `data`. Keeps the previous content as
 * `backupPath` when there was one (and a backupPath is given). Refuses if the file changed since
 * `inspectTarget` read it (someone else edited it meanwhile).
 */
export async function writeAtomically(target: ExistingTarget, data: string, backupPath: string | undefined, hooks: WriteHooks = {}): Promise<void> {
    const dir = dirname(target.path);
    if (target.directoryMissing) await makePrivateDirectories(dir);
    if (target.bytes !== undefined && backupPath !== undefined) await replaceFile(backupPath, target.bytes);
    await assertUnchanged(target);
    await replaceFile(target.path, Buffer.from(data, "utf8"), FILE_MODE, hooks);
}

/** mkdir -p where every directory created is 0700 whatever the umask (a strict umask could leave us unable to write). */
export async function makePrivateDirectories(dir: string): Promise<void> {
    const missing: string[] = [];
    for (let d = dir; ; d = dirname(d)) {
        try {
            await stat(d);
            break;
        } catch {
            missing.unshift(d);
            if (dirname(d) === d) break;
        }
    }
    for (const d of missing) {
        await mkdir(d, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== "EEXIST") throw err;
        });
        await chmod(d, 0o700);
    }
}

/**
 * Replace `path` with `data` atomically: a temp file beside it (O_EXCL, `mode`
 * exactly), fsynced, renamed over it, then the directory fsynced. On failure
 * the temp file is removed and `path` is as it was.
 */
export async function replaceFile(path: string, data: Buffer, mode: number = FILE_MODE, hooks: WriteHooks = {}): Promise<void> {
    const dir = dirname(path);
    const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    // O_EXCL: never reuse a file someone planted; O_NOFOLLOW: never follow a link at that name.
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    let committed = false;
    try {
        await handle.chmod(mode); // mode on creation is masked by umask, which can only narrow it; make it exact
        await handle.writeFile(data);
        await hooks.beforeCommit?.(temp);
        await handle.sync();
        await handle.close();
        await rename(temp, path);
        committed = true;
    } finally {
        if (!committed) {
            await handle.close().catch(() => undefined);
            await unlink(temp).catch(() => undefined);
        }
    }
    await syncDirectory(dir).catch((err: NodeJS.ErrnoException) => {
        throw new CliError(
            `wrote ${path}, but fsync of ${dir} failed (${err.code ?? String(err)}): the new file is in place ` + "but might not survive a power loss",
        );
    });
}

async function assertUnchanged(target: ExistingTarget): Promise<void> {
    let now: Stats | undefined;
    try {
        now = await lstat(target.path);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    const before = target.stats;
    const same =
        before === undefined
            ? now === undefined
            : now?.isFile() === true && now.ino === before.ino && now.size === before.size && now.mtimeMs === before.mtimeMs;
    if (!same) throw new CliError(`${target.path} changed while pull-config was running; nothing was written, run it again`);
}

/** Make the rename durable. Some filesystems refuse fsync on a directory; the rename itself is still atomic there. */
async function syncDirectory(dir: string): Promise<void> {
    const handle = await open(dir, constants.O_RDONLY);
    try {
        await handle.sync();
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM") throw err;
    } finally {
        await handle.close();
    }
}
