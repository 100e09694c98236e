/** Example stacks with rotation keys added, planned offline through the real program. */
import * as fs from "node:fs";
import * as path from "node:path";
import { computedOutputs } from "../../cli/plan/mocks";
import { runPlan, type PlanResult } from "../../cli/plan/run";
import { parseStackConfig } from "../../cli/plan/stack-config";

export const root = path.resolve(__dirname, "..", "..");

export function exampleText(stack: string): string {
    return fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8");
}

/** The example stack's config with `extra` YAML lines appended under `config:` (two-space indented), its key dates judged at `now`. */
export function planWith(stack: string, extra: string, now?: Date): Promise<PlanResult> {
    const text = exampleText(stack) + extra.replace(/^\n/, "");
    return runPlan(stack, { projectDir: root, config: parseStackConfig(text, `Pulumi.${stack}.yaml + rotation`), ...(now ? { now: () => now } : {}) });
}

/** A day the fixtures' keys issued on 2026-05-01 are in use and not yet expired (the plan judges key dates by it). */
export const FIXTURE_NOW = new Date("2026-05-15T12:00:00Z");

/** Today's UTC date, as `npm run rotate` writes it. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** What the offline plan's mocks answer as a resource's id (an access key's id, a token's id). */
export function mockId(plan: PlanResult, type: string, name: string): string | undefined {
    const r = plan.resources.find((x) => x.type === type && x.name === name);
    return r ? computedOutputs()[type]?.(name, r.inputs).id : undefined;
}

/** An rclone INI text's sections as name → options. */
export function iniSections(text: string): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    let current: Record<string, string> | undefined;
    for (const line of text.split("\n")) {
        const head = /^\[(.+)\]$/.exec(line);
        if (head) out[head[1]!] = current = {};
        else if (current && line.includes(" = ")) current[line.slice(0, line.indexOf(" = "))] = line.slice(line.indexOf(" = ") + 3);
    }
    return out;
}
