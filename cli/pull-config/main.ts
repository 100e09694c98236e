/**
 * `npm run pull-config -- --stack <env> (--sealed <file> --identity <key> | --host <name> [--outputs <file>])
 *   [--out <path>] [--format ini|env] [--check] [--adopt] [--lock-timeout <seconds>]`
 * Exit codes: 0 written or up to date; 1 `--check` found drift, or invalid
 * input (nothing written); 2 usage. See EXIT_CODES_HELP in args.ts.
 */
import { CommanderError } from "commander";
import { reportError, UsageError } from "../shared/cli-error";
import { parsePullConfigArgs } from "./args";
import { pullConfig } from "./pull-config";

async function main(): Promise<number> {
    try {
        const result = await pullConfig(parsePullConfigArgs(process.argv.slice(2)));
        for (const m of result.messages) process.stdout.write(`pull-config: ${m}\n`);
        return result.exitCode;
    } catch (err) {
        if (err instanceof CommanderError) return err.exitCode; // --help
        reportError("pull-config", err);
        return err instanceof UsageError ? 2 : 1;
    }
}

void main().then((code) => {
    process.exitCode = code;
});
