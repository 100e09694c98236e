/**
 * `npm run pull-config -- --stack <env> (--sealed <file> --identity <key> | --host <name> [--outputs <file>])
 *   [--out <path>] [--format ini|env] [--check] [--adopt] [--lock-timeout <seconds>]`
 * Exit codes (cli/shared/exit-codes.ts): 0 written or up to date; 1 `--check`
 * found drift, or outputs/files it cannot use (nothing written); 2 usage.
 */
import { runCommand } from "../shared/command";
import { parsePullConfigArgs } from "./args";
import { pullConfig } from "./pull-config";

runCommand("pull-config", async () => {
    const result = await pullConfig(parsePullConfigArgs(process.argv.slice(2)));
    for (const m of result.messages) process.stdout.write(`pull-config: ${m}\n`);
    return result.exitCode;
});
