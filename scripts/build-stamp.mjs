// What `--version` says in built files: package.json's version and the commit they were built from, handed
// to esbuild as the `define` of cli/shared/version.ts's __BACKUP_REMOTES_BUILD__. One implementation for
// .build/ (scripts/build.mjs) and the pull-config bundle (scripts/build-pull-config.mjs). The commit is
// `git rev-parse HEAD` (`-dirty` with uncommitted changes to tracked files), BACKUP_REMOTES_COMMIT when set
// (a build from a source archive whose commit is known), else "unknown (not built from a git checkout)".
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

function commit(root) {
    if (process.env.BACKUP_REMOTES_COMMIT) return process.env.BACKUP_REMOTES_COMMIT;
    const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    try {
        const head = git("rev-parse", "HEAD");
        return git("status", "--porcelain", "--untracked-files=no") === "" ? head : `${head}-dirty`;
    } catch {
        return "unknown (not built from a git checkout)";
    }
}

/** The stamp of a build of the checkout at `root`; `bundle` is true for the one-file pull-config. */
export function buildStamp({ bundle, root = "." }) {
    return { version: JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version, commit: commit(root), bundle };
}

/** The esbuild `define` that stamps it in. */
export function stampDefine(stamp) {
    return { __BACKUP_REMOTES_BUILD__: JSON.stringify(stamp) };
}
