/**
 * What `plan` does once its arguments are good (main.ts loads this only then): run the program under the
 * mock runtime and print it. The only command module that loads the Pulumi SDKs.
 */
import * as pulumi from "@pulumi/pulumi";
import { CliError } from "../shared/cli-error";
import { redactPlan, type RedactedPlan } from "./redact";
import { renderPlanText } from "./report";
import { planClock } from "./plan-clock";
import { PlanFailure, runPlan, type PlanOptions, type PlanResult } from "./run";
import { writeSealedHost } from "./sealed-host";
import { loadSealingState, saveSealingState } from "./sealing-state";
import { outputWidth } from "./text-width";

export interface PlanCommandOptions {
    stack: string;
    json?: boolean;
    cwd: string;
    state?: string;
    sealedHost?: string;
    out?: string;
}

/** The plan of `opts.stack`, printed as text, JSON or one host's sealed file; the exit code. */
export async function executePlan(opts: PlanCommandOptions): Promise<number> {
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
