/**
 * `backup-remotes <command> [options]`: the one entry point beside the npm scripts (package.json `bin`,
 * started by scripts/backup-remotes.cjs). It loads only the chosen command's module, so
 * `backup-remotes pull-config --help` loads none of the Pulumi SDKs the plan needs.
 * Exit codes: the command's own; 0 for --help and --version; 2 for no or an unknown command.
 */
import "./shared/compile-cache";
import { endOutputQuietlyOnClosedPipe, runCommand, type Example } from "./shared/command";
import { COMMANDS, findCommand, type CommandName } from "./shared/commands";
import { EXIT_OK, EXIT_USAGE } from "./shared/exit-codes";
import { entryPointLine, startedByEntryPoint } from "./shared/invocation";
import { versionText } from "./shared/version";

/** What every command's main.ts exports: the command, given its arguments after the command's name. */
interface CommandModule {
    main(args: readonly string[]): Promise<number>;
}

/*
 * A plain `require` per command, called only when that command is chosen: the modules load on demand
 * (an `import` at the top would load all six, and with them the Pulumi SDKs).
 */
const LOADERS: Record<CommandName, () => CommandModule> = {
    plan: () => require("./plan/main") as CommandModule,
    postdeploy: () => require("./postdeploy/main") as CommandModule,
    "pull-config": () => require("./pull-config/main") as CommandModule,
    "permissions-diff": () => require("./permissions-diff/main") as CommandModule,
    "deployer-policy": () => require("./deployer-policy/main") as CommandModule,
    rotate: () => require("./rotate/main") as CommandModule,
};

const EXAMPLES: readonly Example[] = [
    { what: "what `pulumi up -s staging` would create, offline", args: "plan --stack staging" },
    { what: "a command's own options and examples", args: "pull-config --help" },
];

/** `backup-remotes --help`: the commands, one line each, and where each one's options are. */
export function entryPointHelp(): string {
    const run = entryPointLine();
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    return [
        `Usage: ${run} <command> [options]`,
        "",
        "Backup buckets and least-privilege rclone remotes on AWS S3, Backblaze B2 and",
        "Cloudflare R2, with Pulumi.",
        "",
        "Commands:",
        ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
        "",
        "Options:",
        "  --version  print the version and the commit it was built from",
        "  --help     this list (<command> --help: the command's options and examples)",
        "",
        `Each command also runs as its npm script: npm run ${COMMANDS[0].script} -- --stack staging.`,
        "",
        "Examples:",
        ...EXAMPLES.flatMap((e) => [`  # ${e.what}`, `  ${run} ${e.args}`]),
        "",
    ].join("\n");
}

/** Run `backup-remotes <args>`: a command with its arguments, or the entry point's own --help / --version. */
export function dispatch(args: readonly string[]): void {
    startedByEntryPoint();
    endOutputQuietlyOnClosedPipe();
    const [first, ...rest] = args;
    if (first === "--version") return finish(EXIT_OK, `${versionText()}\n`);
    if (first === "--help" || first === "-h" || (first === "help" && rest.length === 0)) return finish(EXIT_OK, entryPointHelp());
    // `backup-remotes help plan` is `backup-remotes plan --help`.
    if (first === "help") return dispatch([...rest.slice(0, 1), "--help"]);
    const command = first === undefined ? undefined : findCommand(first);
    if (command === undefined) {
        const problem =
            first === undefined
                ? "no command given"
                : first.startsWith("-")
                  ? `unknown option "${first}": the command comes first`
                  : `unknown command "${first}"`;
        return finish(EXIT_USAGE, "", `backup-remotes: ${problem}\n\n${entryPointHelp()}`);
    }
    const loaded = LOADERS[command.name]();
    runCommand(command.script, () => loaded.main(rest));
}

function finish(code: number, out: string, err = ""): void {
    process.stdout.write(out);
    process.stderr.write(err);
    process.exitCode = code;
}

if (require.main === module) dispatch(process.argv.slice(2));
