/**
 * The retire gate: the previous generation of a (credential, host) may go only
 * when the post-deploy report of the deployed outputs shows the new
 * generation's section passing every check. The report is read through a
 * schema of the few fields the gate needs, so the post-deploy command may
 * grow without breaking it.
 *
 * A section must say which key generation it tested (`sections[].generation`,
 * copied by the post-deploy test from the `remotes` output's `generation`):
 * every generation of a (credential, host) shares one section name, so
 * without it a report made before `pulumi up` — which tested the old key —
 * would pass for the new one.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { CliError } from "../shared/cli-error";
import { describeFsError } from "../shared/fs-error";
import { zodProblems } from "../shared/zod-issues";

/** A check passed: it worked, or it was refused as it must be, or it hit a deviation the model names. */
export const PASSING_STATUSES: readonly string[] = ["ok", "refused", "warning"];

export const gateReportSchema = z.object({
    environment: z.string(),
    sections: z.array(
        z.object({
            section: z.string(),
            generation: z.number().int().positive().optional(),
            checks: z.array(z.object({ check: z.string(), status: z.string() })),
        }),
    ),
    failed: z.boolean(),
});

export type GateReport = z.infer<typeof gateReportSchema>;

/** A (credential, host) whose previous generation is to be retired, and the section and generation that must have passed. */
export interface GateTarget {
    readonly credential: string;
    readonly host: string;
    readonly section: string;
    readonly generation: number;
}

export async function readGateReport(path: string): Promise<GateReport> {
    let text: string;
    try {
        text = await readFile(path, "utf8");
    } catch (err) {
        throw new CliError(`--report ${path}: cannot read it: ${describeFsError(err)}`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        throw new CliError(`--report ${path}: not JSON; pass what \`npm run postdeploy -- --stack <env> --json\` printed`);
    }
    const parsed = gateReportSchema.safeParse(json);
    if (!parsed.success) {
        throw new CliError(`--report ${path}: not a post-deploy report (${zodProblems(parsed.error)})`);
    }
    return parsed.data;
}

/** Why one target has not passed; undefined when it has. */
function targetProblem(report: GateReport, t: GateTarget): string | undefined {
    const sections = report.sections.filter((s) => s.section === t.section);
    if (sections.length === 0) return "not in the report";
    for (const s of sections) {
        if (s.generation === undefined) {
            return "the report does not say which key generation it tested (sections[].generation); run the post-deploy test of a version that records it";
        }
        if (s.generation !== t.generation)
            return `the report tested generation ${s.generation}, not ${t.generation}: run the post-deploy test after \`pulumi up\``;
        if (s.checks.length === 0) return "no check ran";
        const bad = s.checks.filter((c) => !PASSING_STATUSES.includes(c.status));
        if (bad.length) return bad.map((c) => `${c.check}: ${c.status}`).join(", ");
    }
    return undefined;
}

/** Every problem that stops the retirement of `targets`, each naming its section; empty: the gate opens. */
export function gateProblems(report: GateReport, environment: string, targets: readonly GateTarget[]): string[] {
    if (report.environment !== environment) {
        return [`the report is of environment "${report.environment}", not "${environment}"`];
    }
    return targets.flatMap((t) => {
        const problem = targetProblem(report, t);
        return problem === undefined ? [] : [`${t.section} (generation ${t.generation} of ${t.credential} on ${t.host}): ${problem}`];
    });
}
