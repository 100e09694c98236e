/**
 * `npm run pull-config -- --stack <env> (--sealed <file> --identity <key> | --host <name> [--outputs <file>])
 *   [--out <path>] [--format ini|env] [--check] [--adopt] [--lock-timeout <seconds>]`
 * Exit codes (cli/shared/exit-codes.ts): 0 written or up to date; 1 `--check`
 * found drift, or outputs/files it cannot use (nothing written); 2 usage.
 */
import { runCommand } from "../shared/command";
import { parsePullConfigArgs } from "./args";
import { pullConfig } from "./pull-config";

/** The command, given its arguments (after `pull-config`); cli/main.ts runs it as `backup-remotes pull-config`. */
export async function main(args: readonly string[]): Promise<number> {
    const result = await pullConfig(parsePullConfigArgs(args));
    for (const m of result.messages) process.stdout.write(`pull-config: ${m}\n`);
    return result.exitCode;
}

if (require.main === module) runCommand("pull-config", () => main(process.argv.slice(2)));
