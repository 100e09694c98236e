/** A file-system error in words a user can act on (the caller names the path). */
export function describeFsError(err: unknown): string {
    const e = err as NodeJS.ErrnoException;
    switch (e.code) {
        case "ENOENT":
            return "no such file or directory";
        case "ENOTDIR":
            return "not a directory";
        case "EACCES":
        case "EPERM":
            return "permission denied (run as the user who owns it)";
        case "EISDIR":
            return "it is a directory";
        default:
            return e.code ?? String(err);
    }
}

/** Whether a file of this mode can be read (or written) by its group or others: a secret file should be 0600. */
export function othersCanRead(mode: number): boolean {
    return (mode & 0o077) !== 0;
}

/** A file's permission bits as `chmod` takes them: 0600, 0644. */
export function octalMode(mode: number): string {
    return (mode & 0o777).toString(8).padStart(4, "0");
}
