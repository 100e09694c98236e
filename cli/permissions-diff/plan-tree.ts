/**
 * Offline plans of a source tree: the working tree, or a git ref exported
 * into a temp directory. Each tree is planned with its OWN code and config
 * (`npm run plan -- --stack <env> --json` as that tree defines it), so a
 * pull request that changes the permission model itself shows up in the
 * diff, not only one that changes a Pulumi.<env>.yaml.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PLAN_NOW_VARIABLE } from "../plan/plan-clock";
import { CliError, UsageError } from "../shared/cli-error";

export interface SourceTree {
    readonly dir: string;
    /** For messages: `working tree` or `main (3f2c1ab)`. */
    readonly label: string;
    /** A base commit is planned as of its commit time (key dates); the working tree as of now. */
    readonly planNow?: string;
    readonly cleanup: () => void;
}

export function stacksOf(dir: string): string[] {
    return readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Export `ref` of the repository at `repoDir` into a temp directory that can run its own plan. */
export async function exportRef(repoDir: string, ref: string, log: (line: string) => void): Promise<SourceTree> {
    const sha = (
        await run("git", ["-C", repoDir, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => {
            throw new UsageError(`--base ${ref}: not a commit in ${repoDir}; fetch it first (in CI: actions/checkout with fetch-depth: 0)`);
        })
    ).trim();
    const dir = mkdtempSync(join(tmpdir(), "permissions-diff-base-"));
    const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
    try {
        await run("sh", ["-c", 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', "sh", repoDir, sha, dir]);
        if (!existsSync(join(dir, "package.json"))) throw new UsageError(`--base ${ref}: no package.json at that commit`);
        const scripts = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
        if (scripts.plan === undefined) {
            throw new UsageError(
                `--base ${ref} has no \`npm run plan\` (the offline plan), so its permissions cannot be computed; ` + "compare against a commit that has it",
            );
        }
        await provideDependencies(repoDir, dir, ref, log);
        const committed = (await run("git", ["-C", repoDir, "show", "-s", "--format=%cI", sha])).trim();
        return { dir, label: `${ref} (${sha.slice(0, 7)})`, cleanup, planNow: committed };
    } catch (err) {
        cleanup();
        throw err;
    }
}

/**
 * The base needs node_modules. Same lock file: share the working tree's
 * (no network, instant). Different: install the base's own with `npm ci`.
 */
async function provideDependencies(repoDir: string, baseDir: string, ref: string, log: (line: string) => void): Promise<void> {
    const lock = (d: string): string | undefined => (existsSync(join(d, "package-lock.json")) ? readFileSync(join(d, "package-lock.json"), "utf8") : undefined);
    if (lock(repoDir) !== undefined && lock(repoDir) === lock(baseDir) && existsSync(join(repoDir, "node_modules"))) {
        symlinkSync(join(repoDir, "node_modules"), join(baseDir, "node_modules"), "dir");
        return;
    }
    log(`${ref} pins other dependencies: running npm ci for it (needs the npm registry)`);
    await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], baseDir).catch((err: Error) => {
        throw new CliError(`npm ci for --base ${ref} failed: ${err.message.split("\n").slice(-3).join(" / ")}`);
    });
}

export function workingTree(dir: string): SourceTree {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--cwd ${dir}: no such directory`);
    return { dir, label: "working tree", cleanup: () => undefined };
}

/**
 * The tree's offline plan of `stack` as JSON. Stacks of one tree run one
 * after the other: each `npm run plan` rebuilds that tree's .build/.
 */
export async function planJson(tree: SourceTree, stack: string): Promise<unknown> {
    let stdout: string;
    try {
        const env = tree.planNow === undefined ? undefined : { ...process.env, [PLAN_NOW_VARIABLE]: tree.planNow };
        stdout = await run("npm", ["run", "--silent", "plan", "--", "--stack", stack, "--json"], tree.dir, env);
    } catch (err) {
        throw new CliError(`offline plan of ${stack} at ${tree.label} failed:\n  ${planErrorText((err as Error).message)}`);
    }
    try {
        return JSON.parse(stdout) as unknown;
    } catch {
        throw new CliError(`offline plan of ${stack} at ${tree.label} did not print JSON`);
    }
}

/**
 * What a failed plan printed, for a person: its message lines without stack
 * frames (a base commit's older plan may still print them) or npm's epilogue.
 */
export function planErrorText(stderr: string): string {
    const lines = stderr
        .split("\n")
        .filter((l) => !/^\s+at .+/.test(l) && !/^npm (ERR!|error|warn)/.test(l) && !/^Node\.js v\d/.test(l))
        .map((l) => l.trimEnd());
    while (lines.length > 0 && lines.at(-1) === "") lines.pop();
    const kept = lines.length > 40 ? [...lines.slice(0, 40), `… (${lines.length - 40} more lines)`] : lines;
    return kept.join("\n  ") || "(it printed nothing)";
}

function run(command: string, args: readonly string[], cwd?: string, env?: NodeJS.ProcessEnv): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(command, [...args], { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
            if (err) reject(new Error(stderr.trim() || err.message));
            else resolve(stdout);
        });
    });
}
