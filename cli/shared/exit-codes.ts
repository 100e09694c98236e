/**
 * The one exit-code convention of every command (plan, postdeploy,
 * pull-config, permissions:diff), stated in each `--help` and in docs/commands.md.
 */

/** The command did what it was asked and found nothing wrong. */
export const EXIT_OK = 0;
/** Findings (drift, a failed check) or input the command cannot use (an invalid config or outputs file). */
export const EXIT_FINDINGS = 1;
/** The command line is wrong: an unknown or missing flag, a bad flag value. */
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FINDINGS | typeof EXIT_USAGE;

/**
 * The "Exit codes" block of a command's `--help`. `findings` says what exit 1
 * means for that command; the other two mean the same everywhere.
 */
export function exitCodesHelp(findings: string): string {
    return [
        "Exit codes (the same for every backup-remotes command):",
        "  0  ok",
        ...wrap(`1  findings or invalid input: ${findings}`),
        ...wrap(
            "2  usage: unknown or missing flag, bad flag value (malformed, not an allowed choice, " + "or naming a stack, host or git ref that does not exist)",
        ),
    ].join("\n");
}

/** Word-wrap one entry to 80 columns, continuation lines under its text. */
function wrap(entry: string): string[] {
    const lines: string[] = [];
    let line = "  ";
    for (const word of entry.split(" ")) {
        if (line.trim() !== "" && line.length + 1 + word.length > 80) {
            lines.push(line);
            line = "     ";
        }
        line += line.trim() === "" ? word : ` ${word}`;
    }
    return [...lines, line];
}
