/**
 * The rclone config file rclone itself would use: ask `rclone config file`
 * (which honours RCLONE_CONFIG and rclone's own search order); without rclone
 * on the host, fall back to ~/.config/rclone/rclone.conf.
 */
import { execFile } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";

export interface DefaultPath {
    readonly path: string;
    readonly how: string;
}

export function rcloneEnvironment(): NodeJS.ProcessEnv {
    // AWS_CA_BUNDLE pointing at a bundle rclone 1.60 cannot load makes every rclone command fail.
    const env = { ...process.env };
    delete env.AWS_CA_BUNDLE;
    return env;
}

export function defaultRcloneConfigPath(): Promise<DefaultPath> {
    const fallback = { path: join(homedir(), ".config", "rclone", "rclone.conf"), how: "rclone not found; default location" };
    return new Promise((resolve) => {
        execFile("rclone", ["config", "file"], { env: rcloneEnvironment(), timeout: 30_000 }, (err, stdout) => {
            // Output: a sentence ending in ":", then the path on the last line.
            const path = stdout.trim().split("\n").at(-1)?.trim();
            if (err === null && path !== undefined && path.startsWith("/")) {
                resolve({ path, how: "from `rclone config file`" });
            } else if (err !== null && (err as NodeJS.ErrnoException).code === "ENOENT") {
                resolve(fallback);
            } else {
                resolve({ ...fallback, how: "`rclone config file` gave no path; default location" });
            }
        });
    });
}
