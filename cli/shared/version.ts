/**
 * What `--version` says: the package's version and the commit it was built
 * from. Built files have both stamped in at build time as the global below
 * (esbuild `define`, scripts/build-stamp.mjs): the commands in .build/
 * (scripts/build.mjs) and the one-file pull-config (scripts/build-pull-config.mjs).
 * Run from the sources (`node --import tsx cli/…/main.ts`) there is no stamp:
 * the version is read from the checkout's package.json and the line says so.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

interface BuildStamp {
    readonly version: string;
    /** 40 hex digits, `-dirty` when the tree had uncommitted changes; or "unknown (…)" when not built from a git checkout. */
    readonly commit: string;
    /** The one-file pull-config (run as `node pull-config.cjs` on hosts without this repository), not .build/. */
    readonly bundle: boolean;
}

declare const __BACKUP_REMOTES_BUILD__: BuildStamp | undefined;

/** The stamp of a build; undefined when running from the sources. */
export function buildStamp(): BuildStamp | undefined {
    return typeof __BACKUP_REMOTES_BUILD__ === "undefined" ? undefined : __BACKUP_REMOTES_BUILD__;
}

/** True in the one-file pull-config bundle. */
export function isBundle(): boolean {
    return buildStamp()?.bundle === true;
}

/** `backup-remotes <command> 0.1.0 (commit …)`; `backup-remotes 0.1.0 (commit …)` for the entry point itself. */
export function versionText(command?: string): string {
    const name = command === undefined ? "backup-remotes" : `backup-remotes ${command}`;
    const stamp = buildStamp();
    if (stamp !== undefined) return `${name} ${stamp.version} (commit ${stamp.commit})`;
    return `${name} ${sourceVersion()} (run from the sources: no commit stamped)`;
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
