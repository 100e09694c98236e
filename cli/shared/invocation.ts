/**
 * How this run was started, so a command's usage line, its error hint and its examples show the command
 * line the user typed: its npm script (`npm run plan --`), the entry point (`backup-remotes plan`, or
 * `npx backup-remotes plan` when npm started it) or the one-file pull-config (`node pull-config.cjs`).
 */
import { basename } from "node:path";
import { findCommand } from "./commands";
import { isBundle } from "./version";

let entryPoint: string | undefined;

/** Called by cli/main.ts before it loads the chosen command. */
export function startedByEntryPoint(env: NodeJS.ProcessEnv = process.env): void {
    entryPoint = env.npm_command === "exec" ? "npx backup-remotes" : "backup-remotes";
}

/** What the user types to run `command` (its name or npm script), as they started it. */
export function commandLine(command: string): string {
    const info = findCommand(command);
    if (info === undefined) throw new Error(`no command ${command} in cli/shared/commands.ts`);
    if (isBundle()) return `node ${basename(process.argv[1] ?? "pull-config.cjs")}`;
    if (entryPoint !== undefined) return `${entryPoint} ${info.name}`;
    return `npm run ${info.script} --`;
}

/** `backup-remotes`, or `npx backup-remotes` when npm started the entry point. */
export function entryPointLine(): string {
    return entryPoint ?? "backup-remotes";
}
