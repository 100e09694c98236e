/**
 * `npm run plan -- --stack <env> [--json] [--state <file>]`: the real program
 * under Pulumi's mock runtime, printed with every secret replaced by "[secret]".
 * Exit codes: 0 plan printed, 1 invalid config, guard refusal or unusable
 * state file, 2 usage (unknown/missing flag, no such stack).
 */
import { Command } from "commander";
import { ConfigError } from "../../components/program";
import { CliError } from "../shared/cli-error";
import { redactPlan } from "./redact";
import { renderPlanText } from "./report";
import { PlanFailure, runPlan } from "./run";
import { loadSealingState, saveSealingState } from "./sealing-state";
import { knownStacks } from "./stack-config";

interface Options { stack: string; json?: boolean; cwd: string; state?: string }

async function main(argv: string[]): Promise<number> {
    const program = new Command()
        .name("plan")
        .description("Show what `pulumi up -s <stack>` would create, offline (no cloud account, no Pulumi CLI).\n\n" +
            "Exit codes: 0 plan printed; 1 invalid config, a guard refused, or an unusable --state file; 2 usage.")
        .requiredOption("--stack <name>", "stack to plan (a Pulumi.<name>.yaml beside Pulumi.yaml)")
        .option("--json", "print one JSON object {stack, resources, outputs, sections[, sealing]}")
        .option("--state <file>", "keep the sealed host files' state in this file (0600) between plans, as the Pulumi " +
            "backend does between previews: unchanged hosts keep their sealed file; without it every file is sealed afresh")
        .option("--cwd <dir>", "project directory", process.cwd())
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse(argv);
    } catch (e) {
        return (e as { exitCode?: number }).exitCode ?? 2;
    }
    const opts = program.opts<Options>();
    if (!knownStacks(opts.cwd).includes(opts.stack)) {
        process.stderr.write(`plan: --stack ${opts.stack}: no Pulumi.${opts.stack}.yaml in ${opts.cwd} (stacks: ${knownStacks(opts.cwd).join(", ") || "none"})\n`);
        return 2;
    }
    try {
        const sealingState = opts.state === undefined ? undefined : await loadSealingState(opts.state, opts.stack);
        const result = await runPlan(opts.stack, { projectDir: opts.cwd, ...(sealingState ? { sealingState } : {}) });
        if (opts.state !== undefined) await saveSealingState(opts.state, result.sealingState);
        const plan = redactPlan(result);
        process.stdout.write(opts.json ? JSON.stringify(plan, null, 2) + "\n" : renderPlanText(plan) + "\n");
        return 0;
    } catch (e) {
        // Config errors, guard refusals and state file problems are the user's to fix: the message, no stack trace.
        const known = e instanceof CliError || e instanceof PlanFailure && (e.cause instanceof ConfigError || e.cause instanceof Error);
        process.stderr.write(`plan: ${known ? (e as Error).message : (e as Error).stack ?? String(e)}\n`);
        return 1;
    }
}

main(process.argv).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`plan: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
});
