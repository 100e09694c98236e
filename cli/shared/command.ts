/**
 * How every command starts: a commander program that prints its errors and
 * the exit codes in `--help`, and a runner that turns what `main` returns or
 * throws into the shared exit code.
 */
import { Command } from "commander";
import { reportError } from "./cli-error";
import { exitCodesHelp } from "./exit-codes";

/**
 * A commander program for `npm run <name>`. It throws instead of exiting
 * (runCommand maps the error to exit 2, or 0 for --help); `findings` says what
 * exit 1 means for this command.
 */
export function defineCommand(name: string, description: string, findings: string): Command {
    return new Command(name)
        .description(description)
        .exitOverride()
        .configureOutput({
            writeErr: (s) => process.stderr.write(s),
            outputError: (s, write) => write(`${name}: ${s}`),
        })
        .showHelpAfterError(`(npm run ${name} -- --help for usage)`)
        .addHelpText("after", `\n${exitCodesHelp(findings)}\n`);
}

/** Run a command's main and set the process's exit code; user errors print their message only. */
export function runCommand(name: string, main: () => Promise<number>): void {
    main().then((code) => {
        process.exitCode = code;
    }, (err: unknown) => {
        process.exitCode = reportError(name, err);
    });
}
