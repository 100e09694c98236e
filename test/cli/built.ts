/**
 * The commands as users run them: transpiled into .build/ by scripts/build.mjs (the npm scripts' build
 * step), then plain node — each command's own main.js (what `npm run <script>` starts) or the entry
 * point .build/cli/main.js (what `backup-remotes <command>` starts).
 */
import { type ChildProcess, execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");

export interface Run {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Transpile the sources into .build/, as every npm script does first. */
export function build(): void {
    execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { cwd: ROOT });
}

/** The commands as the source tree has them: every folder of cli/ with a main.ts (shared/ holds helpers). */
export function commandFolders(): string[] {
    return readdirSync(join(ROOT, "cli"), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(ROOT, "cli", d.name, "main.ts")))
        .map((d) => d.name)
        .sort();
}

/** package.json's version. */
export function packageVersion(): string {
    return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** A program at the repository root: its exit code and output. `started` sees the child (to close its stdout). */
export function runProcess(
    file: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
    started: (child: ChildProcess) => void = () => undefined,
): Promise<Run> {
    return new Promise((resolve) => {
        started(
            execFile(file, [...args], { cwd: ROOT, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
                resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }),
            ),
        );
    });
}

/** Plain node at the repository root; npm's `npm_command` removed (the entry point reads it: npx or not). */
export function runNode(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
    if (extraEnv.npm_command === undefined) delete env.npm_command;
    return runProcess(process.execPath, args, env);
}

/** `node .build/cli/<folder>/main.js <args>`: the command as its npm script runs it. */
export function runCommand(folder: string, args: readonly string[]): Promise<Run> {
    return runNode([join(ROOT, ".build", "cli", folder, "main.js"), ...args]);
}

/** `node .build/cli/main.js <args>`: the entry point, `backup-remotes <args>`. */
export function runEntryPoint(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
    return runNode([join(ROOT, ".build", "cli", "main.js"), ...args], env);
}
