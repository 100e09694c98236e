/**
 * `npm run plan -- --stack <env> [--json]`: the real program under Pulumi's
 * mock runtime, printed with every secret replaced by "[secret]".
 */
import * as pulumi from "@pulumi/pulumi";
import { CliError, UsageError } from "../shared/cli-error";
import { defineCommand, runCommand } from "../shared/command";
import { redactPlan } from "./redact";
import { renderPlanText } from "./report";
import { PlanFailure, runPlan, type PlanResult } from "./run";
import { knownStacks } from "./stack-config";

async function main(argv: string[]): Promise<number> {
    const program = defineCommand("plan",
        "Show what `pulumi up -s <stack>` would create, offline (no cloud account, no Pulumi CLI).",
        "an invalid stack file or config (every problem listed), or deployer credentials the program refuses")
        .requiredOption("--stack <name>", "stack to plan (a Pulumi.<name>.yaml beside Pulumi.yaml)")
        .option("--json", "print one JSON object {stack, resources, outputs, sections}")
        .option("--cwd <dir>", "project directory", process.cwd());
    program.parse(argv);
    const opts = program.opts<{ stack: string; json?: boolean; cwd: string }>();
    const stacks = knownStacks(opts.cwd);
    if (!stacks.includes(opts.stack)) {
        throw new UsageError(`--stack ${opts.stack}: no Pulumi.${opts.stack}.yaml in ${opts.cwd} (stacks: ${stacks.join(", ") || "none"})`);
    }
    const plan = redactPlan(await planOrExplain(opts.stack, opts.cwd));
    process.stdout.write(opts.json ? JSON.stringify(plan, null, 2) + "\n" : renderPlanText(plan) + "\n");
    return 0;
}

/** The plan; a config error or a refused credential (the user's to fix) as a CliError: its message, no stack trace. */
async function planOrExplain(stack: string, projectDir: string): Promise<PlanResult> {
    try {
        return await runPlan(stack, { projectDir });
    } catch (e) {
        if (e instanceof PlanFailure && pulumi.RunError.isInstance(e.cause)) throw new CliError(e.message);
        throw e;
    }
}

runCommand("plan", () => main(process.argv));
