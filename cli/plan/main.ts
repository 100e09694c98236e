/**
 * `npm run plan -- --stack <env> [--json] [--state <file>] [--sealed-host <host> --out <file>]`: the real
 * program under Pulumi's mock runtime, printed with every secret replaced by "[secret]".
 */
import * as pulumi from "@pulumi/pulumi";
import { CliError, UsageError } from "../shared/cli-error";
import { defineCommand, finishCommand, runCommand } from "../shared/command";
import { redactPlan, type RedactedPlan } from "./redact";
import { renderPlanText } from "./report";
import { planClock } from "./plan-clock";
import { PlanFailure, runPlan, type PlanOptions, type PlanResult } from "./run";
import { writeSealedHost } from "./sealed-host";
import { loadSealingState, saveSealingState } from "./sealing-state";
import { assertKnownStack } from "./stack-config";
import { outputWidth } from "./text-width";

interface Options { stack: string; json?: boolean; cwd: string; state?: string; sealedHost?: string; out?: string }

/** The command, given its arguments (after `plan`); cli/main.ts runs it as `backup-remotes plan`. */
export async function main(args: readonly string[]): Promise<number> {
    const program = defineCommand("plan",
        "Show what `pulumi up -s <stack>` would create, offline (no cloud account, no Pulumi CLI).",
        "an invalid stack file or config (every problem listed), deployer credentials the program refuses, or an unusable --state file")
        .requiredOption("--stack <name>", "stack to plan (a Pulumi.<name>.yaml beside Pulumi.yaml)")
        .option("--json", "print one JSON object {stack, resources, outputs, sections[, sealing]}")
        .option("--state <file>", "keep the sealed host files' state in this file (0600) between plans, as the Pulumi " +
            "backend does between previews: unchanged hosts keep their sealed file; without it every file is sealed afresh")
        .option("--sealed-host <host>", "write this host's sealed file (its entry of sealedHosts) to --out instead of printing the plan")
        .option("--out <file>", "where --sealed-host writes the file (0644: ciphertext, public)")
        .option("--cwd <dir>", "project directory", process.cwd());
    finishCommand(program, "plan", [
        { what: "the plan as text: resources, permissions, quotas, sections, host jobs", args: "--stack staging" },
        { what: "the same as one JSON object, secrets as \"[secret]\"", args: "--stack prod --json" },
        { what: "one host's sealed file, offline (the stack sets hostKeys)", args: "--stack prod --sealed-host db1 --out db1.age" },
    ]);
    program.parse([...args], { from: "user" });
    const opts = program.opts<Options>();
    if ((opts.sealedHost === undefined) !== (opts.out === undefined)) throw new UsageError("--sealed-host <host> and --out <file> go together");
    if (opts.sealedHost !== undefined && opts.json) throw new UsageError("--sealed-host writes one host's file, --json prints the plan: give one");
    assertKnownStack(opts.cwd, opts.stack);
    const now = planClock(process.env);
    const sealingState = opts.state === undefined ? undefined : await loadSealingState(opts.state, opts.stack);
    const result = await planOrExplain(opts.stack, { projectDir: opts.cwd, ...(sealingState ? { sealingState } : {}), ...(now ? { now } : {}) });
    const wrote = opts.sealedHost === undefined ? undefined : await writeSealedHost(result, opts.sealedHost, opts.out!);
    if (opts.state !== undefined) await saveSealingState(opts.state, result.sealingState);
    if (wrote !== undefined) {
        process.stdout.write(`${wrote}\n`);
        return 0;
    }
    const plan = redactPlan(result);
    process.stdout.write(opts.json ? JSON.stringify(plan, null, 2) + "\n" : planText(plan, result.identityUsage, now?.() ?? new Date()) + "\n");
    return 0;
}

/** The text for people, as wide as COLUMNS or the terminal allows (at most TEXT_WIDTH); keys judged at the plan's clock. */
function planText(plan: RedactedPlan, usage: PlanResult["identityUsage"], now: Date): string {
    const { width, warning } = outputWidth(process.env, process.stdout);
    if (warning !== undefined) process.stderr.write(`plan: warning: ${warning}\n`);
    return renderPlanText(plan, usage, { width, now });
}

/** The plan; a config error or a refused credential (the user's to fix) as a CliError: its message, no stack trace. */
async function planOrExplain(stack: string, options: PlanOptions): Promise<PlanResult> {
    try {
        return await runPlan(stack, options);
    } catch (e) {
        if (e instanceof PlanFailure && pulumi.RunError.isInstance(e.cause)) throw new CliError(e.message);
        throw e;
    }
}

if (require.main === module) runCommand("plan", () => main(process.argv.slice(2)));
