/**
 * `npm run rotate -- --stack <env> [--credential C] [--host H]
 *                   [--retire --report <postdeploy.json> [--force]] [--revoke --host H]`
 *
 * Each step of a key rotation as a change of Pulumi.<env>.yaml, reviewed like
 * any other: issue the next key generation beside the one in use, retire the
 * previous one once the post-deploy report proves the new one, or revoke one
 * host's keys now. The file is edited in place (only the keys rotation owns),
 * checked against the full config schema, and written atomically; on any
 * error nothing is written. The issue date is today's (UTC); the program
 * itself never reads the clock.
 */
import { Command, CommanderError } from "commander";
import { CliError, reportError, UsageError } from "../shared/cli-error";
import { finishCommand, runCommand } from "../shared/command";
import { EXIT_FINDINGS, EXIT_USAGE } from "../shared/exit-codes";
import { assertKnownStack } from "../shared/stacks";
import type { Options } from "./options";
import type * as Run from "./run";

function parseArgs(argv: readonly string[]): Options {
    const program = new Command("rotate")
        .description(
            "Rotate the keys of a stack as reviewed config changes (Pulumi.<stack>.yaml): issue the next generation, " +
                "retire the previous one behind the post-deploy report, or revoke a host's keys.",
        )
        .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml to edit")
        .option("--credential <name>", "only this credential's keys")
        .option("--host <name>", "only this host's keys")
        .option("--retire", "remove the previous generation of every rotating key, if --report shows the new one passing")
        .option("--report <file>", "with --retire: the post-deploy report (npm run postdeploy -- --stack <env> --json) of the deployed outputs")
        .option("--force", "with --retire: skip the post-deploy gate (a leaked key); says what it skips")
        .option("--revoke", "with --host: remove that host from its credentials, with every generation of its keys")
        .option("--cwd <dir>", "project directory", process.cwd())
        .addHelpText("after", "\nExit codes: 0 changed (or nothing to do), 1 refused or invalid config/report (nothing written), 2 usage.")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    finishCommand(program, "rotate", [
        { what: "issue the next generation of prod's keys, beside the one in use", args: "--stack prod" },
        { what: "proven by the post-deploy report (--json > report.json): retire the old one", args: "--stack prod --retire --report report.json" },
        { what: "a host is lost: remove it and every generation of its keys", args: "--stack prod --revoke --host db2" },
    ]);
    program.parse([...argv], { from: "user" });
    const o = program.opts<Options>();
    if (o.retire && o.revoke) throw new UsageError("--retire and --revoke are separate steps; give one");
    if (!o.retire && (o.report !== undefined || o.force)) throw new UsageError("--report and --force belong to --retire");
    if (o.revoke && o.host === undefined) throw new UsageError("--revoke needs --host <name>: the host whose keys to revoke");
    if (o.retire && o.report === undefined && !o.force) {
        throw new UsageError("--retire needs --report <postdeploy.json> (the proof that the new keys work), or --force for a leaked key");
    }
    assertKnownStack(o.cwd, o.stack);
    return o;
}

/** The command, given its arguments (after `rotate`); cli/main.ts runs it as `backup-remotes rotate`. */
export async function main(argv: readonly string[]): Promise<number> {
    let options: Options;
    try {
        options = parseArgs(argv);
    } catch (err) {
        // commander has printed its message or the help: the shared codes (0 for --help, 2 otherwise).
        if (err instanceof CommanderError) return reportError("rotate", err);
        if (err instanceof UsageError) {
            process.stderr.write(`rotate: ${err.message} (see --help)\n`);
            return EXIT_USAGE;
        }
        throw err;
    }
    try {
        // Loaded once the arguments are good: the config schema and the YAML reader, so `--help` starts without them.
        const { run } = require("./run") as typeof Run;
        return await run(options);
    } catch (err) {
        if (err instanceof CliError) {
            process.stderr.write(`rotate: ${err.message}\nrotate: nothing was written\n`);
            return EXIT_FINDINGS;
        }
        process.stderr.write(`rotate: internal error (nothing was written): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        return EXIT_FINDINGS;
    }
}

if (require.main === module) runCommand("rotate", () => main(process.argv.slice(2)));
