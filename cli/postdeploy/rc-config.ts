/**
 * The rclone flags a section's jobs run with (`remotes[].rcloneFlags`), as the
 * rc API's per-call `_config` (fields of rclone 1.60's fs.ConfigInfo), so the
 * post-deploy test copies exactly as the hosts will.
 */
const FLAG_FIELDS: Readonly<Record<string, string>> = {
    "--checksum": "CheckSum",
    "-c": "CheckSum",
    "--ignore-existing": "IgnoreExisting",
    "--size-only": "SizeOnly",
    "--ignore-times": "IgnoreTimes",
    "-I": "IgnoreTimes",
    "--update": "UpdateOlder",
    "-u": "UpdateOlder",
    "--no-check-dest": "NoCheckDest",
    "--immutable": "Immutable",
    "--dry-run": "DryRun",
    "-n": "DryRun",
};

export interface RcConfig {
    readonly config: Readonly<Record<string, boolean>>;
    /** Flags this runner cannot pass through rc (the outputs name them; the run refuses to guess). */
    readonly unsupported: readonly string[];
}

export function rcConfigForFlags(flags: readonly string[]): RcConfig {
    const config: Record<string, boolean> = {};
    const unsupported: string[] = [];
    for (const flag of flags) {
        const field = FLAG_FIELDS[flag];
        if (field) config[field] = true;
        else unsupported.push(flag);
    }
    return { config, unsupported };
}

export const SUPPORTED_FLAGS: readonly string[] = Object.keys(FLAG_FIELDS).filter((f) => f.startsWith("--"));
