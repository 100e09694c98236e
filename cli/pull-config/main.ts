/**
 * `npm run pull-config -- --stack <env> (--sealed <file> --identity <key> | --host <name> [--outputs <file>])
 *   [--out <path>] [--format ini|env] [--check] [--adopt] [--lock-timeout <seconds>] [--self-test [--bind <address>]]`
 * Exit codes (cli/shared/exit-codes.ts): 0 written or up to date; 1 `--check`
 * found drift, `--self-test` found a check that did not pass, or outputs/files it cannot use (nothing written);
 * 2 usage.
 */
import { runCommand } from "../shared/command";
import { EXIT_FINDINGS, EXIT_OK } from "../shared/exit-codes";
import { parsePullConfigArgs } from "./args";
import type * as Pull from "./pull-config";
import type * as SelfTest from "./self-test";

/** The command, given its arguments (after `pull-config`); cli/main.ts runs it as `backup-remotes pull-config`. */
export async function main(args: readonly string[]): Promise<number> {
    const parsed = parsePullConfigArgs(args);
    // Loaded once the arguments are good: the outputs schema (zod) and age, so `--help` starts without them.
    const { loadHostSource, pullConfig } = require("./pull-config") as typeof Pull;
    if (parsed.selfTest) {
        const { renderSelfTest, runSelfTest, selfTestPassed } = require("./self-test") as typeof SelfTest;
        const source = await loadHostSource(parsed);
        const checks = await runSelfTest(source.sections, parsed.selfTest);
        process.stdout.write(`pull-config: self-test of ${source.sections.length} section(s) ${source.what}\n`);
        for (const line of renderSelfTest(checks)) process.stdout.write(`${line}\n`);
        return selfTestPassed(checks) ? EXIT_OK : EXIT_FINDINGS;
    }
    const result = await pullConfig(parsed);
    for (const m of result.messages) process.stdout.write(`pull-config: ${m}\n`);
    return result.exitCode;
}

if (require.main === module) runCommand("pull-config", () => main(process.argv.slice(2)));
