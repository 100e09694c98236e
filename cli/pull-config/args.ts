/** Command-line arguments of `npm run pull-config`. */
import { Option } from "commander";
import { UsageError } from "../shared/cli-error";
import { defineCommand } from "../shared/command";

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
    const program = defineCommand("pull-config",
        "Write one host's rclone remotes from a stack's outputs into its rclone config, merging with what is there.",
        "--check found the file drifted from the stack; outputs that cannot be read or are not " +
        "this stack's; a file pull-config refuses to touch (nothing is written)")
        .requiredOption("--stack <stack>", "stack to read (staging, prod, or org/project/stack)")
        .requiredOption("--host <name>", "host whose sections to write (a key of the stack's `hosts` output)")
        .option("--outputs <file>", "read outputs from this file (`-` for stdin) instead of running `pulumi stack output --json --show-secrets`")
        .option("--out <path>", "file to write (default: what `rclone config file` reports; required with --format env)")
        .addOption(new Option("--format <format>", "ini: merge into an rclone config; env: RCLONE_CONFIG_* lines for a systemd EnvironmentFile=")
            .choices(["ini", "env"]).default("ini"))
        .option("--check", "write nothing; exit 1 when the file differs from what the stack says", false)
        .option("--adopt", "take over existing unmarked sections with the names the stack defines", false);
    program.parse([...argv], { from: "user" });
    const o = program.opts<{ stack: string; host: string; outputs?: string; out?: string; format: "ini" | "env"; check: boolean; adopt: boolean }>();
    if (!STACK_PATTERN.test(o.stack)) {
        throw new UsageError(`--stack "${o.stack}" is not a stack name: use letters, digits, _ . - (optionally org/project/stack)`);
    }
    if (o.host.trim() === "") throw new UsageError("--host must name a host of the stack");
    if (o.format === "env" && o.out === undefined) {
        throw new UsageError("--format env needs --out <path> (e.g. /etc/backup-remotes/staging.env): there is no default place for an EnvironmentFile");
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
