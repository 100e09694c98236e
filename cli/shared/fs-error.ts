/** A file-system error in words a user can act on (the caller names the path). */
export function describeFsError(err: unknown): string {
    const e = err as NodeJS.ErrnoException;
    switch (e.code) {
        case "ENOENT": return "no such file or directory";
        case "ENOTDIR": return "not a directory";
        case "EACCES":
        case "EPERM": return "permission denied (run as the user who owns it)";
        case "EISDIR": return "it is a directory";
        default: return e.code ?? String(err);
    }
}
