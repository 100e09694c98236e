/**
 * `--format env`: `RCLONE_CONFIG_<NAME>_<KEY>=value` lines for a systemd
 * `EnvironmentFile=`. The file is owned whole by one stack (its first line is
 * the marker): a unit takes one EnvironmentFile= per stack, so there is
 * nothing to merge, and a file that is not ours is never overwritten.
 */
import type { RcloneSection } from "../../components/rclone/section";
import { envPrefix, renderEnv } from "../../components/rclone/render";
import { CliError } from "../shared/cli-error";
import { envMarker, parseMarker } from "../../components/rclone/marker";

export function buildEnvFile(existing: string | undefined, stack: string, sections: readonly RcloneSection[], file: string): string {
    if (existing !== undefined && existing.trim() !== "") {
        const owner = parseMarker(existing.replace(/^\uFEFF/, "").split("\n", 1)[0] ?? "");
        if (owner === undefined) {
            throw new CliError(
                `${file} exists and was not written by pull-config (its first line is not the ` +
                    '"# managed by backup-remotes" marker); refusing to overwrite it. Choose another --out, or move it away',
            );
        }
        if (owner !== stack) {
            throw new CliError(
                `${file} belongs to stack ${owner}, not ${stack}; give each stack its own file ` + "(a systemd unit may list several EnvironmentFile= lines)",
            );
        }
    }
    assertEnvFileSafe(sections);
    const remotes = sections.map((s) => `${envRemoteName(s.name)}:`).join(" ");
    return `${envMarker(stack)}\n# rclone remotes: ${remotes || "none"}\n${renderEnv(sections)}`;
}

/**
 * The name rclone finds an environment-defined remote under. rclone 1.60
 * upper-cases the remote name to build `RCLONE_CONFIG_<NAME>_…` and maps
 * nothing else, while renderEnv writes `-`/`.` as `_` (systemd accepts only
 * [A-Za-z0-9_] in variable names): so `staging-db-copy` is reachable as
 * `staging_db_copy:`. Measured with rclone 1.60.1 in test/pull-config/cli.test.ts.
 */
export function envRemoteName(sectionName: string): string {
    return envPrefix(sectionName).slice("RCLONE_CONFIG_".length).toLowerCase();
}

/**
 * systemd unquotes and unescapes EnvironmentFile values and trims whitespace,
 * so a value with quotes, a backslash or edge whitespace would reach rclone
 * altered. None of our generated values has them; refuse rather than corrupt.
 */
function assertEnvFileSafe(sections: readonly RcloneSection[]): void {
    for (const s of sections) {
        for (const [key, value] of Object.entries(s.options)) {
            if (/["'\\]/.test(value) || value !== value.trim()) {
                throw new CliError(
                    `section [${s.name}] option "${key}" has a value with quotes, a backslash or leading/trailing ` +
                        "whitespace, which systemd would alter in an EnvironmentFile; use --format ini for this host",
                );
            }
        }
    }
}
