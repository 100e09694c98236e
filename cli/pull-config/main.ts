/**
 * `npm run pull-config -- --stack <env> --host <name> [--outputs <file>] [--out <path>] [--format ini|env] [--check] [--adopt]`
 * Exit codes: 0 written or up to date, 1 `--check` found drift, 2 error (nothing written).
 */
import { CommanderError } from "commander";
import { reportError } from "../shared/cli-error";
import { parsePullConfigArgs } from "./args";
import { pullConfig } from "./pull-config";

async function main(): Promise<number> {
    try {
        const result = await pullConfig(parsePullConfigArgs(process.argv.slice(2)));
        for (const m of result.messages) process.stdout.write(`pull-config: ${m}\n`);
        return result.exitCode;
    } catch (err) {
        if (err instanceof CommanderError) return err.exitCode; // --help
        return reportError("pull-config", err);
    }
}

void main().then((code) => {
    process.exitCode = code;
});
