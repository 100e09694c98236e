/**
 * `npm run deployer-policy -- --stack <env> [--json]`: what each provider's
 * deploy credential needs to run `pulumi up`, `refresh` and `destroy` for the
 * stack (AWS IAM policy, B2 key capabilities, Cloudflare token permission
 * groups), computed offline from the same config the plan reads.
 * Exit codes: 0 printed; 1 invalid config (every problem listed); 2 usage.
 */
import { Option } from "commander";
import { DEPLOYER_OPTIONS } from "../../components/providers/deployer-options";
import type { DeployerOption } from "../../components/providers/profile";
import { reportError, UsageError } from "../shared/cli-error";
import { defineCommand, finishCommand, runCommand } from "../shared/command";
import type * as Report from "./report";

interface Args {
    readonly stack: string;
    readonly json: boolean;
    readonly cwd: string;
    /** Provider options by their DeployerOption key. */
    readonly options: Record<string, string | undefined>;
}

function parseArgs(argv: readonly string[], flags: readonly DeployerOption[]): Args {
    const providerOptions = flags.map((o) => ({ spec: o, option: new Option(o.flag, o.description) }));
    const program = defineCommand(
        "deployer-policy",
        "What each provider's deploy credential needs to deploy a stack (AWS IAM policy, B2 key capabilities, " +
            "Cloudflare token permission groups), offline, from the stack's config.",
        "an invalid stack file or config (every problem listed)",
    )
        .requiredOption("--stack <name>", "stack (a Pulumi.<name>.yaml beside Pulumi.yaml)")
        .option("--json", "print one JSON object {stack, environment, protectBuckets, providers[]}")
        .option("--cwd <dir>", "project directory", process.cwd());
    for (const { option } of providerOptions) program.addOption(option);
    finishCommand(program, "deployer-policy", [
        { what: "each provider's deploy credential for prod, as text", args: "--stack prod" },
        { what: "with the AWS account named in the IAM ARNs, as JSON", args: "--stack prod --aws-account-id 123456789012 --json" },
    ]);
    program.parse([...argv], { from: "user" });
    const opts = program.opts<Record<string, string | boolean | undefined>>();
    const options: Record<string, string | undefined> = {};
    for (const { spec, option } of providerOptions) {
        const value = opts[option.attributeName()];
        if (typeof value !== "string") continue;
        const problem = spec.problem(value);
        if (problem) throw new UsageError(`${option.long ?? spec.flag} ${value}: ${problem}`);
        options[spec.key] = value;
    }
    return { stack: String(opts.stack), json: opts.json === true, cwd: String(opts.cwd), options };
}

export function run(argv: readonly string[]): number {
    try {
        const args = parseArgs(argv, DEPLOYER_OPTIONS);
        // Loaded once the arguments are good: the providers' facts and the config schema, so `--help` starts without them.
        const { deployerReport, loadEnvironment, renderText, reportJson } = require("./report") as typeof Report;
        const report = deployerReport(args.stack, loadEnvironment(args.cwd, args.stack), args.options);
        process.stdout.write(args.json ? JSON.stringify(reportJson(report), null, 2) + "\n" : renderText(report));
        return 0;
    } catch (e) {
        // The shared convention: --help 0, a user's mistake its message and 1 or 2, a bug its stack.
        return reportError("deployer-policy", e);
    }
}

/** The command, given its arguments (after `deployer-policy`); cli/main.ts runs it as `backup-remotes deployer-policy`. */
export async function main(args: readonly string[]): Promise<number> {
    return run(args);
}

if (require.main === module) runCommand("deployer-policy", () => main(process.argv.slice(2)));
