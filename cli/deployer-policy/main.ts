/**
 * `npm run deployer-policy -- --stack <env> [--json]`: what each provider's
 * deploy credential needs to run `pulumi up`, `refresh` and `destroy` for the
 * stack (AWS IAM policy, B2 key capabilities, Cloudflare token permission
 * groups), computed offline from the same config the plan reads.
 * Exit codes: 0 printed; 1 invalid config (every problem listed); 2 usage.
 */
import { Command, CommanderError, Option } from "commander";
import { PROVIDERS, type ProviderRegistry } from "../../components/providers/registry";
import { knownStacks } from "../plan/stack-config";
import { CliError } from "../shared/cli-error";
import { deployerReport, InvalidInput, loadEnvironment, renderText, reportJson, stackFileExists } from "./report";

const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

/** A flag or its value is wrong. */
class UsageError extends CliError {}

interface Args {
    readonly stack: string;
    readonly json: boolean;
    readonly cwd: string;
    /** Provider options by their DeployerOption key. */
    readonly options: Record<string, string | undefined>;
}

function parseArgs(argv: readonly string[], registry: ProviderRegistry): Args {
    const providerOptions = registry.profiles.flatMap((p) => p.deployer.options.map((o) => ({ spec: o, option: new Option(o.flag, o.description) })));
    const program = new Command("deployer-policy")
        .description("What each provider's deploy credential needs to deploy a stack (AWS IAM policy, B2 key capabilities, " +
            "Cloudflare token permission groups), offline, from the stack's config.")
        .requiredOption("--stack <name>", "stack (a Pulumi.<name>.yaml beside Pulumi.yaml)")
        .option("--json", "print one JSON object {stack, environment, protectBuckets, providers[]}")
        .option("--cwd <dir>", "project directory", process.cwd())
        .addHelpText("after", "\nExit codes: 0 printed; 1 invalid stack config (every problem listed); 2 usage (unknown or missing flag, bad value).")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    for (const { option } of providerOptions) program.addOption(option);
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

export function run(argv: readonly string[], registry: ProviderRegistry = PROVIDERS): number {
    try {
        const args = parseArgs(argv, registry);
        if (!stackFileExists(args.cwd, args.stack)) {
            const known = knownStacks(args.cwd);
            throw new UsageError(`--stack ${args.stack}: no Pulumi.${args.stack}.yaml in ${args.cwd} (stacks: ${known.join(", ") || "none"})`);
        }
        const report = deployerReport(args.stack, loadEnvironment(args.cwd, args.stack, registry), args.options, registry);
        process.stdout.write(args.json ? JSON.stringify(reportJson(report), null, 2) + "\n" : renderText(report));
        return 0;
    } catch (e) {
        if (e instanceof CommanderError) {
            // Commander has printed the problem (or the help); --help is not an error.
            return e.code === "commander.helpDisplayed" || e.code === "commander.version" ? 0 : EXIT_USAGE;
        }
        if (e instanceof UsageError || e instanceof InvalidInput) {
            process.stderr.write(`deployer-policy: ${e.message}\n`);
            return e instanceof UsageError ? EXIT_USAGE : EXIT_INVALID;
        }
        throw e; // a bug: keep its stack
    }
}

if (require.main === module) {
    try {
        process.exitCode = run(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`deployer-policy: internal error: ${(e as Error).stack ?? String(e)}\n`);
        process.exitCode = EXIT_INVALID;
    }
}
