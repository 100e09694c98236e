/**
 * An error the user can fix: bad input, a missing tool, a file we refuse to
 * touch. The CLIs print its message without a stack trace and exit non-zero;
 * anything else is a bug and keeps its stack.
 */
export class CliError extends Error {
    override readonly name: string = "CliError";
}

/** A command line that cannot run: unknown or missing flag, bad flag value, flags that exclude each other. */
export class UsageError extends CliError {
    override readonly name: string = "UsageError";
}

/** Exit code for errors; distinct from the drift code (1) that `--check` uses. */
export const EXIT_ERROR = 2;

/** Print `err` for a human and return the exit code. Never prints secrets: messages are written to avoid them. */
export function reportError(command: string, err: unknown): number {
    if (err instanceof CliError) {
        process.stderr.write(`${command}: error: ${err.message}\n`);
    } else {
        process.stderr.write(`${command}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    return EXIT_ERROR;
}
