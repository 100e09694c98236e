/**
 * What `--version` says: the package's version and the commit it was built
 * from. A bundle (scripts/build-pull-config.mjs) has both stamped in at build
 * time, as the global below (esbuild `define`); run from a source checkout
 * there is no stamp, and the version is read from the checkout's package.json.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

interface BuildStamp {
    readonly version: string;
    /** 40 hex digits, `-dirty` when the tree had uncommitted changes; or "unknown (…)" when not built from a git checkout. */
    readonly commit: string;
}

declare const __BACKUP_REMOTES_BUILD__: BuildStamp | undefined;

/** The stamp of a bundled build; undefined when running from the sources. */
export function buildStamp(): BuildStamp | undefined {
    return typeof __BACKUP_REMOTES_BUILD__ === "undefined" ? undefined : __BACKUP_REMOTES_BUILD__;
}

/** `backup-remotes <command> 0.1.0 (commit …)`. */
export function versionText(command: string): string {
    const stamp = buildStamp();
    if (stamp !== undefined) return `backup-remotes ${command} ${stamp.version} (commit ${stamp.commit})`;
    return `backup-remotes ${command} ${sourceVersion()} (run from the sources: no commit stamped)`;
}

/** The version in the package.json of the checkout this file is in (cli/shared/ or .build/cli/shared/). */
function sourceVersion(): string {
    for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
        try {
            const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
            if (pkg.name === "backup-remotes" && typeof pkg.version === "string") return pkg.version;
        } catch {
            // no package.json here: look further up
        }
    }
    return "unknown";
}
