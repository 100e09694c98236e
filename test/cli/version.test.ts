/**
 * `--version` of every command and of the entry point: one line on stdout, exit 0, nothing else — the
 * package's version and the commit the built files were stamped with (scripts/build-stamp.mjs), so a bug
 * report names the code that ran. Run from the sources there is no stamp, and the line says so.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { build, commandFolders, packageVersion, ROOT, runCommand, runEntryPoint, runNode } from "./built";

const version = packageVersion().replaceAll(".", "\\.");

/** What `git rev-parse HEAD` says now: the commit a build of this checkout is stamped with. */
function head(): string {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
}

function stamped(name: string): RegExp {
    return new RegExp(`^${name} ${version} \\(commit ${head()}(-dirty)?\\)\\n$`);
}

describe("--version", () => {
    before(build);

    for (const folder of commandFolders()) {
        it(`${folder}: its own main.js and backup-remotes ${folder} print the version and the stamped commit`, async () => {
            for (const r of [await runCommand(folder, ["--version"]), await runEntryPoint([folder, "--version"])]) {
                assert.equal(r.code, 0, r.stderr);
                assert.match(r.stdout, stamped(`backup-remotes ${folder}`));
                assert.equal(r.stderr, "");
            }
        });
    }

    it("the entry point's own --version, and the npm script name permissions:diff", async () => {
        const own = await runEntryPoint(["--version"]);
        assert.equal(own.code, 0, own.stderr);
        assert.match(own.stdout, stamped("backup-remotes"));
        const alias = await runEntryPoint(["permissions:diff", "--version"]);
        assert.match(alias.stdout, stamped("backup-remotes permissions-diff"));
    });

    it('the stamp: BACKUP_REMOTES_COMMIT when set (a source archive), "unknown" outside a git checkout', async () => {
        const stampIn = async (root: string, commit: string): Promise<unknown> => {
            const program =
                `import { buildStamp } from ${JSON.stringify(join(ROOT, "scripts", "build-stamp.mjs"))};\n` +
                `process.stdout.write(JSON.stringify(buildStamp({ bundle: false, root: ${JSON.stringify(root)} })));`;
            const r = await runNode(["--input-type=module", "-e", program], { BACKUP_REMOTES_COMMIT: commit });
            assert.equal(r.code, 0, r.stderr);
            return JSON.parse(r.stdout);
        };
        const sha = "0123456789abcdef0123456789abcdef01234567";
        assert.deepEqual(await stampIn(ROOT, sha), { version: packageVersion(), commit: sha, bundle: false });
        const archive = mkdtempSync(join(tmpdir(), "build-stamp-"));
        try {
            writeFileSync(join(archive, "package.json"), JSON.stringify({ name: "backup-remotes", version: "9.8.7" }));
            assert.deepEqual(await stampIn(archive, ""), { version: "9.8.7", commit: "unknown (not built from a git checkout)", bundle: false });
        } finally {
            rmSync(archive, { recursive: true, force: true });
        }
    });

    it("run from the sources: the checkout's version, and that no commit is stamped", async () => {
        const r = await runNode(["--import", "tsx", join(ROOT, "cli", "pull-config", "main.ts"), "--version"]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, `backup-remotes pull-config ${packageVersion()} (run from the sources: no commit stamped)\n`);
    });
});
