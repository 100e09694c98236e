/** The permission diff as Markdown (a pull-request comment) and as data (`--json`). Pure. */
import type { Change, EnvironmentDiff } from "./diff";

export interface DiffReport {
    /** The git ref compared against. */
    readonly base: string;
    /** What was compared: "working tree". */
    readonly head: string;
    readonly environments: readonly EnvironmentDiff[];
}

export interface DiffReportJson {
    readonly base: string;
    readonly head: string;
    readonly escalations: number;
    readonly changes: number;
    readonly environments: readonly { environment: string; escalations: readonly Change[]; changes: readonly Change[] }[];
}

export function reportJson(report: DiffReport): DiffReportJson {
    const environments = report.environments.map((e) => ({
        environment: e.environment,
        escalations: e.changes.filter((c) => c.escalation),
        changes: e.changes.filter((c) => !c.escalation),
    }));
    return {
        base: report.base,
        head: report.head,
        escalations: environments.reduce((n, e) => n + e.escalations.length, 0),
        changes: environments.reduce((n, e) => n + e.escalations.length + e.changes.length, 0),
        environments,
    };
}

export function renderMarkdown(report: DiffReport): string {
    const data = reportJson(report);
    const names = report.environments.map((e) => e.environment).join(", ");
    const title = `Permission diff: \`${report.base}\` → ${report.head}`;
    if (data.changes === 0) return `**${title}**: no permission changes in ${names}.\n`;

    const lines = [`## ${title}`, ""];
    if (data.escalations > 0) {
        lines.push(
            "> [!WARNING]",
            `> **${data.escalations} escalation${data.escalations === 1 ? "" : "s"}**: a credential gains reach or a protection weakens. ` +
                "Review each before merging.",
            "",
            "### ⚠️ Escalations",
            "",
        );
        for (const e of data.environments) for (const c of e.escalations) lines.push(`- **${e.environment}**: ${c.summary}`);
        lines.push("");
    }
    for (const e of data.environments) {
        lines.push(`### ${e.environment}`, "");
        if (e.escalations.length === 0 && e.changes.length === 0) {
            lines.push("No permission changes.", "");
            continue;
        }
        for (const c of e.changes) lines.push(`- ${c.summary}`);
        if (e.escalations.length > 0) lines.push(`- ${e.escalations.length} escalation(s), listed above`);
        lines.push("");
    }
    return lines.join("\n");
}
