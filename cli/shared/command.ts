/**
 * How every command starts: a commander program that prints its errors, its
 * version and the exit codes in `--help`, its help ending with examples, and a
 * runner that turns what `main` returns or throws into the shared exit code.
 */
import { Command } from "commander";
import { reportError } from "./cli-error";
import { findCommand } from "./commands";
import { exitCodesHelp } from "./exit-codes";
import { commandLine } from "./invocation";
import { versionText } from "./version";

/** What a write to a pipe whose reader has gone away fails with (and every later write on the destroyed stream). */
const CLOSED_PIPE = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);

/**
 * A closed stdout or stderr is the reader saying it has read enough, not an error of the command: its writes
 * are dropped and the command finishes (cleanup included) with its own exit code. Without a listener, Node
 * throws the asynchronous EPIPE as an uncaught exception with a stack trace.
 */
export function endOutputQuietlyOnClosedPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
    for (const stream of streams) {
        if (stream.listeners("error").includes(ignoreClosedPipe)) continue;
        stream.on("error", ignoreClosedPipe);
    }
}

function ignoreClosedPipe(err: NodeJS.ErrnoException): void {
    if (CLOSED_PIPE.has(err.code ?? "")) return;
    throw err;
}

/**
 * A commander program for the command `name` (its npm script name: `permissions:diff`). It throws instead of
 * exiting (runCommand maps the error to exit 2, or 0 for --help and --version); `findings` says what exit 1
 * means for this command. Its options follow, then `finishCommand`.
 */
export function defineCommand(name: string, description: string, findings: string): Command {
    return new Command(name)
        .description(description)
        .exitOverride()
        .configureOutput({
            writeErr: (s) => process.stderr.write(s),
            outputError: (s, write) => write(`${name}: ${s}`),
        })
        .showHelpAfterError(`(${commandLine(name)} --help for usage)`)
        .addHelpText("after", `\n${exitCodesHelp(findings)}`);
}

/** One example of a command's help: what it does (a shell comment) and the arguments after the command. */
export interface Example {
    readonly what: string;
    readonly args: string;
}

/**
 * What every command ends its definition with: the usage line as the user started it (`Usage: npm run plan --
 * [options]`, `Usage: backup-remotes plan [options]`), `--version` (one line: the version and the commit built
 * from) and the Examples block that ends the help: 2–4 command lines as the user started the command, each
 * under a `# what it does` comment, so the block pastes into a shell as it is.
 */
export function finishCommand(program: Command, name: string, examples: readonly Example[]): Command {
    const run = commandLine(name);
    const lines = examples.flatMap((e) => [`  # ${e.what}`, `  ${run} ${e.args}`]);
    return program
        .name(run)
        .version(versionText(findCommand(name)?.name ?? name), "--version", "print the version and the commit it was built from")
        .addHelpText("after", `\nExamples:\n${lines.join("\n")}\n`);
}

/**
 * Run a command's main and set the process's exit code; user errors print their message only. Every command
 * runs through here, so a reader that goes away (`npm run -s plan -- --help | head -1`) ends the output quietly.
 */
export function runCommand(name: string, main: () => Promise<number>): void {
    endOutputQuietlyOnClosedPipe();
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (err: unknown) => {
            process.exitCode = reportError(name, err);
        },
    );
}
