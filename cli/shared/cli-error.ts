/**
 * Errors a user can fix, and how every command reports them: the message,
 * never a stack trace, and the exit code of the shared convention
 * (exit-codes.ts). Anything else is a bug and keeps its stack.
 */
import { CommanderError } from "commander";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type ExitCode } from "./exit-codes";

/** Input the command cannot use: an invalid file, a missing tool, a file it refuses to touch. Exit 1. */
export class CliError extends Error {
    override readonly name: string = "CliError";
    readonly exitCode: ExitCode = EXIT_FINDINGS;
}

/** The command line is wrong: a bad flag value, flags that do not go together. Exit 2. */
export class UsageError extends CliError {
    override readonly name = "UsageError";
    override readonly exitCode = EXIT_USAGE;
}

/** commander's codes for --help and --version, which end a run successfully. */
const COMMANDER_SUCCESS = new Set(["commander.helpDisplayed", "commander.help", "commander.version"]);

/** Print `err` for a human and return the exit code. Never prints secrets: messages are written to avoid them. */
export function reportError(command: string, err: unknown): ExitCode {
    // commander has already printed its own message (naming the flag) or the help.
    if (err instanceof CommanderError) return COMMANDER_SUCCESS.has(err.code) ? EXIT_OK : EXIT_USAGE;
    if (err instanceof CliError) {
        process.stderr.write(`${command}: error: ${err.message}\n`);
        return err.exitCode;
    }
    process.stderr.write(`${command}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_FINDINGS;
}
