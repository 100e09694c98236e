/** Command-line arguments of `npm run pull-config`. */
import { isIP } from "node:net";
import { type Command, InvalidArgumentError, Option } from "commander";
import { UsageError } from "../shared/cli-error";
import { defineCommand, finishCommand } from "../shared/command";

export interface PullConfigArgs {
    /** The stack as given to pulumi (`staging`, or `org/project/staging`). */
    readonly stack: string;
    /** The environment: the stack's last path segment, which names sections and markers. */
    readonly environment: string;
    /** The host, when its sections come from the stack's outputs (not with --sealed). */
    readonly host?: string;
    readonly outputs?: string;
    /** A sealed host file (`-` for stdin) and the identity that opens it. */
    readonly sealed?: { readonly file: string; readonly identity: string };
    readonly out?: string;
    readonly format: "ini" | "env";
    readonly check: boolean;
    readonly adopt: boolean;
    /** How long to wait for another run's lock on the file. */
    readonly lockTimeoutSeconds: number;
    /** Run the sections' own-scope checks from this host instead of writing (self-test.ts). */
    readonly selfTest?: { readonly bind?: string };
}

const STACK_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

interface RawOptions {
    stack: string;
    host?: string;
    outputs?: string;
    sealed?: string;
    identity?: string;
    out?: string;
    format: "ini" | "env";
    check: boolean;
    adopt: boolean;
    lockTimeout: number;
    selfTest: boolean;
    bind?: string;
}

function seconds(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 3600) throw new InvalidArgumentError(`must be a whole number of seconds from 1 to 3600, got "${v}"`);
    return n;
}

function ipAddress(v: string): string {
    if (isIP(v) === 0) throw new InvalidArgumentError(`must be an IPv4 or IPv6 address, got "${v}"`);
    return v;
}

function command(): Command {
    const program = defineCommand(
        "pull-config",
        "Write one host's rclone remotes into its rclone config, merging with what is there: from the host's " +
            "sealed file (--sealed, opened with the host's age key) or from a stack's outputs (--host).",
        "--check found the file drifted from the stack; outputs or a sealed file that cannot be used (damaged, modified, " +
            "not for this identity or stack); a file pull-config refuses to touch; the file's lock not obtained (nothing is written); a --self-test check that did not pass",
    )
        .requiredOption("--stack <stack>", "stack the sections belong to (staging, prod, or org/project/stack)")
        .option("--sealed <file>", "the host's sealed file from the sealedHosts output (`-` for stdin); needs --identity")
        .option("--identity <file>", "age identity file of this host (AGE-SECRET-KEY-1…, as `age-keygen -o` writes it)")
        .option("--host <name>", "host whose sections to write (a key of the stack's `hosts` output); not with --sealed")
        .option("--outputs <file>", "read outputs from this file (`-` for stdin) instead of running `pulumi stack output --json --show-secrets`")
        .option("--out <path>", "file to write (default: what `rclone config file` reports; required with --format env)")
        .addOption(
            new Option("--format <format>", "ini: merge into an rclone config; env: RCLONE_CONFIG_* lines for a systemd EnvironmentFile=")
                .choices(["ini", "env"])
                .default("ini"),
        )
        .option("--check", "write nothing; exit 1 when the file differs from what the stack says", false)
        .option("--adopt", "take over existing unmarked sections with the names the stack defines", false)
        .option("--lock-timeout <seconds>", "wait this long for another pull-config writing the same file", seconds, 30)
        .option(
            "--self-test",
            "write nothing; prove from this host what each section's role may do works and what it may not is refused " +
                "(list, write, read, delete of a probe object); exit 1 unless every check passes",
            false,
        )
        .option("--bind <address>", "with --self-test: the local address rclone connects from (rclone --bind)", ipAddress);
    const key = "--identity /etc/backup-remotes/age.key";
    return finishCommand(program, "pull-config", [
        { what: "the host's sealed file into the file `rclone config file` names", args: `--stack prod --sealed db1.age ${key}` },
        { what: "the same, writing nothing: exit 1 when the file has drifted", args: `--stack prod --sealed db1.age ${key} --check` },
        { what: "from saved outputs (pulumi stack output --json --show-secrets > out.json)", args: "--stack prod --host db1 --outputs out.json" },
        { what: "prove from this host that its keys do what their roles may, and nothing else", args: `--stack prod --sealed db1.age ${key} --self-test` },
    ]);
}

export function parsePullConfigArgs(argv: readonly string[]): PullConfigArgs {
    const program = command();
    program.parse([...argv], { from: "user" });
    const o = program.opts<RawOptions>();
    if (!STACK_PATTERN.test(o.stack)) {
        throw new UsageError(`--stack "${o.stack}" is not a stack name: use letters, digits, _ . - (optionally org/project/stack)`);
    }
    assertSourceOptions(o);
    if (o.bind !== undefined && !o.selfTest) throw new UsageError("--bind is only used with --self-test");
    if (o.selfTest && (o.check || o.adopt || o.out !== undefined)) {
        throw new UsageError("--self-test writes nothing: it cannot be combined with --check, --adopt or --out");
    }
    if (o.format === "env" && o.out === undefined) {
        throw new UsageError("--format env needs --out <path> (e.g. /etc/backup-remotes/staging.env): there is no default place for an EnvironmentFile");
    }
    return {
        stack: o.stack,
        environment: o.stack.split("/").at(-1)!,
        format: o.format,
        check: o.check,
        adopt: o.adopt,
        lockTimeoutSeconds: o.lockTimeout,
        ...(o.selfTest ? { selfTest: o.bind !== undefined ? { bind: o.bind } : {} } : {}),
        ...(o.host !== undefined ? { host: o.host } : {}),
        ...(o.sealed !== undefined && o.identity !== undefined ? { sealed: { file: o.sealed, identity: o.identity } } : {}),
        ...(o.outputs !== undefined ? { outputs: o.outputs } : {}),
        ...(o.out !== undefined ? { out: o.out } : {}),
    };
}

/** Exactly one source: a sealed file with its identity, or a host of the stack's outputs. */
function assertSourceOptions(o: RawOptions): void {
    if (o.sealed !== undefined) {
        if (o.identity === undefined) throw new UsageError("--sealed needs --identity <file>: the host's age key that opens it");
        const extra = [o.host !== undefined ? "--host" : "", o.outputs !== undefined ? "--outputs" : ""].filter((x) => x !== "");
        if (extra.length > 0) {
            throw new UsageError(
                `--sealed cannot be combined with ${extra.join(" and ")}: a sealed file already is one host's ` + "sections, and only that host's key opens it",
            );
        }
        return;
    }
    if (o.identity !== undefined) throw new UsageError("--identity is only used with --sealed <file>");
    if (o.host === undefined) throw new UsageError("give --host <name> (sections from the stack's outputs) or --sealed <file> --identity <key>");
    if (o.host.trim() === "") throw new UsageError("--host must name a host of the stack");
}
