/** Command-line arguments of `npm run pull-config`. */
import { Command, CommanderError, Option } from "commander";
import { CliError } from "../shared/cli-error";

export interface PullConfigArgs {
    /** The stack as given to pulumi (`staging`, or `org/project/staging`). */
    readonly stack: string;
    /** The environment: the stack's last path segment, which names sections and markers. */
    readonly environment: string;
    readonly host: string;
    readonly outputs?: string;
    readonly out?: string;
    readonly format: "ini" | "env";
    readonly check: boolean;
    readonly adopt: boolean;
}

const STACK_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

export function parsePullConfigArgs(argv: readonly string[]): PullConfigArgs {
    const program = new Command("pull-config")
        .description("Write one host's rclone remotes from a stack's outputs into its rclone config, merging with what is there.")
        .requiredOption("--stack <stack>", "stack to read (staging, prod, or org/project/stack)")
        .requiredOption("--host <name>", "host whose sections to write (a key of the stack's `hosts` output)")
        .option("--outputs <file>", "read outputs from this file (`-` for stdin) instead of running `pulumi stack output --json --show-secrets`")
        .option("--out <path>", "file to write (default: what `rclone config file` reports; required with --format env)")
        .addOption(new Option("--format <format>", "ini: merge into an rclone config; env: RCLONE_CONFIG_* lines for a systemd EnvironmentFile=")
            .choices(["ini", "env"]).default("ini"))
        .option("--check", "write nothing; exit 1 when the file differs from what the stack says", false)
        .option("--adopt", "take over existing unmarked sections with the names the stack defines", false)
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse([...argv], { from: "user" });
    } catch (err) {
        if (err instanceof CommanderError && (err.code === "commander.helpDisplayed" || err.code === "commander.version")) throw err;
        // commander has already printed its message (naming the option); make it our error exit.
        throw new CliError(err instanceof CommanderError ? "invalid arguments (see above); run with --help for usage" : String(err));
    }
    const o = program.opts<{ stack: string; host: string; outputs?: string; out?: string; format: "ini" | "env"; check: boolean; adopt: boolean }>();
    if (!STACK_PATTERN.test(o.stack)) {
        throw new CliError(`--stack "${o.stack}" is not a stack name: use letters, digits, _ . - (optionally org/project/stack)`);
    }
    if (o.host.trim() === "") throw new CliError("--host must name a host of the stack");
    if (o.format === "env" && o.out === undefined) {
        throw new CliError("--format env needs --out <path> (e.g. /etc/backup-remotes/staging.env): there is no default place for an EnvironmentFile");
    }
    return {
        stack: o.stack,
        environment: o.stack.split("/").at(-1)!,
        host: o.host,
        format: o.format,
        check: o.check,
        adopt: o.adopt,
        ...(o.outputs !== undefined ? { outputs: o.outputs } : {}),
        ...(o.out !== undefined ? { out: o.out } : {}),
    };
}
