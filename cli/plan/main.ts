/**
 * `npm run plan -- --stack <env> [--json]`: the real program under Pulumi's
 * mock runtime, printed with every secret replaced by "[secret]".
 */
import { Command } from "commander";
import { ConfigError } from "../../components/program";
import { redactPlan } from "./redact";
import { renderPlanText } from "./report";
import { PlanFailure, runPlan } from "./run";
import { knownStacks } from "./stack-config";

async function main(argv: string[]): Promise<number> {
    const program = new Command()
        .name("plan")
        .description("Show what `pulumi up -s <stack>` would create, offline (no cloud account, no Pulumi CLI).")
        .requiredOption("--stack <name>", "stack to plan (a Pulumi.<name>.yaml beside Pulumi.yaml)")
        .option("--json", "print one JSON object {stack, resources, outputs, sections}")
        .option("--cwd <dir>", "project directory", process.cwd())
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse(argv);
    } catch (e) {
        return (e as { exitCode?: number }).exitCode ?? 2;
    }
    const opts = program.opts<{ stack: string; json?: boolean; cwd: string }>();
    if (!knownStacks(opts.cwd).includes(opts.stack)) {
        process.stderr.write(`plan: --stack ${opts.stack}: no Pulumi.${opts.stack}.yaml in ${opts.cwd} (stacks: ${knownStacks(opts.cwd).join(", ") || "none"})\n`);
        return 2;
    }
    try {
        const result = await runPlan(opts.stack, { projectDir: opts.cwd });
        const plan = redactPlan(result);
        process.stdout.write(opts.json ? JSON.stringify(plan, null, 2) + "\n" : renderPlanText(plan, result.identityUsage) + "\n");
        return 0;
    } catch (e) {
        // Config errors and guard refusals are the user's to fix: the message, no stack trace.
        const known = e instanceof PlanFailure && (e.cause instanceof ConfigError || e.cause instanceof Error);
        process.stderr.write(`plan: ${known ? (e as Error).message : (e as Error).stack ?? String(e)}\n`);
        return 1;
    }
}

main(process.argv).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`plan: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
});
