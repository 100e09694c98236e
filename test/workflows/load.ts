/**
 * The repository's GitHub workflows as data: every file of .github/workflows,
 * its text (comments carry the pinned versions) and its YAML, checked against
 * the subset of the workflow syntax the checks read. The checks work on these
 * values, so a test can also hand them a changed copy (a property reverted)
 * and see the check fail.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

export const ROOT = join(__dirname, "..", "..");
export const WORKFLOWS_DIR = join(ROOT, ".github", "workflows");

const scalarMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const stepSchema = z.looseObject({
    name: z.string().optional(),
    id: z.string().optional(),
    if: z.string().optional(),
    uses: z.string().optional(),
    run: z.string().optional(),
    with: scalarMap.optional(),
    env: scalarMap.optional(),
    "continue-on-error": z.union([z.boolean(), z.string()]).optional(),
});

const permissionsSchema = z.union([z.string(), z.record(z.string(), z.string())]);

const jobSchema = z.looseObject({
    name: z.string().optional(),
    if: z.string().optional(),
    needs: z.union([z.string(), z.array(z.string())]).optional(),
    "runs-on": z.string().optional(),
    "timeout-minutes": z.number().optional(),
    environment: z.union([z.string(), z.looseObject({ name: z.string() })]).optional(),
    permissions: permissionsSchema.optional(),
    env: scalarMap.optional(),
    strategy: z.looseObject({ matrix: z.record(z.string(), z.unknown()).optional() }).optional(),
    steps: z.array(stepSchema).optional(),
    uses: z.string().optional(),
    with: scalarMap.optional(),
    secrets: z.union([z.string(), scalarMap]).optional(),
});

const workflowSchema = z.looseObject({
    name: z.string(),
    on: z.unknown(),
    permissions: permissionsSchema.optional(),
    env: scalarMap.optional(),
    concurrency: z.unknown().optional(),
    jobs: z.record(z.string(), jobSchema),
});

export type Step = z.infer<typeof stepSchema>;
export type Job = z.infer<typeof jobSchema>;
export type WorkflowDoc = z.infer<typeof workflowSchema>;

export interface Workflow {
    /** File name inside .github/workflows. */
    readonly file: string;
    readonly text: string;
    readonly doc: WorkflowDoc;
}

export function parseWorkflow(file: string, text: string): Workflow {
    const parsed = workflowSchema.safeParse(parse(text));
    if (!parsed.success) throw new Error(`${file}: not the workflow shape the checks read: ${parsed.error.message}`);
    return { file, text, doc: parsed.data };
}

export function loadWorkflows(dir: string = WORKFLOWS_DIR): Workflow[] {
    return readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => parseWorkflow(f, readFileSync(join(dir, f), "utf8")));
}

export function workflow(ws: readonly Workflow[], file: string): Workflow {
    const w = ws.find((x) => x.file === file);
    if (!w) throw new Error(`no workflow ${file}`);
    return w;
}

/** A deep copy to change in a test (the text stays the original's). */
export function copy(ws: readonly Workflow[]): Workflow[] {
    return ws.map((w) => ({ file: w.file, text: w.text, doc: structuredClone(w.doc) }));
}

export interface StepAt {
    readonly workflow: Workflow;
    readonly jobId: string;
    readonly job: Job;
    readonly step: Step;
    readonly index: number;
}

export function stepsOf(ws: readonly Workflow[]): StepAt[] {
    return ws.flatMap((w) =>
        Object.entries(w.doc.jobs).flatMap(([jobId, job]) => (job.steps ?? []).map((step, index) => ({ workflow: w, jobId, job, step, index }))),
    );
}

export function where(s: { workflow: Workflow; jobId: string; index?: number }): string {
    return `${s.workflow.file} job ${s.jobId}${s.index === undefined ? "" : ` step ${s.index + 1}`}`;
}

/** The event names a workflow runs on. */
export function triggers(w: Workflow): string[] {
    const on = w.doc.on;
    if (typeof on === "string") return [on];
    if (Array.isArray(on)) return on.map(String);
    if (on && typeof on === "object") return Object.keys(on);
    return [];
}

/** The action of a `uses:` without its ref (`actions/checkout`). */
export function actionName(uses: string): string {
    return uses.split("@")[0] ?? uses;
}

export function usesAction(step: Step, action: string): boolean {
    return step.uses !== undefined && actionName(step.uses) === action;
}

export function jobEnvironment(job: Job): string | undefined {
    return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

/** The values a step hands to its process or action: env and with. */
export function stepInputs(step: Step): string[] {
    return [...Object.values(step.env ?? {}), ...Object.values(step.with ?? {})].map(String);
}

export const INSTALL = /\b(npm (ci|install|i|add)|apt-get install|apt install|pip install)\b/;
export const SECRET = /\bsecrets\./;
