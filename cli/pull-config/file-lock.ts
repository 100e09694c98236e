/**
 * Writers of one rclone config take turns. Two pull-config runs on one file
 * (a host's staging and prod timers firing together) would each read the
 * file, merge their own stack and rename their result over it: the later
 * rename drops the earlier run's sections. An advisory lock around the whole
 * read-merge-write makes the second run wait and then merge into the first
 * one's result. `proper-lockfile` takes it with an atomic mkdir of
 * `<file>.lock` (safe on NFS too), refreshes it while held, and treats a lock
 * left by a crashed run as stale after STALE_MS. Only pull-config takes this
 * lock: rclone itself and hand edits do not (the atomic write still refuses
 * a file that changed under it).
 */
import { lock } from "proper-lockfile";
import { CliError } from "../shared/cli-error";

// proper-lockfile removes its locks on exit through signal-exit, which, when it is a signal's only listener,
// re-raises the signal to die by it. For SIGXFSZ (file size limit) that turns a clean EFBIG write error — old
// file intact, temp file removed — into a kill that leaves the temp file behind. Node ignores SIGXFSZ by
// default; listening to it keeps that, and keeps signal-exit from re-raising it.
process.on("SIGXFSZ", () => undefined);

const RETRY_MS = 100;
const STALE_MS = 20_000;

export function lockPathOf(file: string): string {
    return `${file}.lock`;
}

/** Run `fn` holding the lock of `file`; wait at most `timeoutSeconds` for it, then fail with a clear error. */
export async function withFileLock<T>(file: string, timeoutSeconds: number, fn: () => Promise<T>): Promise<T> {
    let compromised: Error | undefined;
    let release: () => Promise<void>;
    try {
        release = await lock(file, {
            realpath: false, // the file may not exist yet
            lockfilePath: lockPathOf(file),
            stale: STALE_MS,
            retries: { retries: Math.ceil((timeoutSeconds * 1000) / RETRY_MS), factor: 1, minTimeout: RETRY_MS, maxTimeout: RETRY_MS, randomize: true },
            onCompromised: (err) => {
                compromised = err;
            },
        });
    } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === "ELOCKED") {
            throw new CliError(
                `${file} is being written by another pull-config run (lock ${lockPathOf(file)}), still after ` +
                    `${timeoutSeconds} s; nothing was written. Run again, or raise --lock-timeout; a lock left by a crashed run ` +
                    `expires by itself ${STALE_MS / 1000} s after it was last refreshed`,
            );
        }
        throw new CliError(`cannot lock ${file} (creating ${lockPathOf(file)} failed: ${e.code ?? e.message}); nothing was written`);
    }
    try {
        const result = await fn();
        if (compromised !== undefined) {
            throw new CliError(`the lock on ${file} was lost while writing (${compromised.message}); check the file, then run again`);
        }
        return result;
    } finally {
        await release().catch(() => undefined); // a compromised lock is already gone
    }
}
