/** Rendering a post-deploy report: a table for people, JSON and JUnit XML for machines. */
import Table from "cli-table3";
import { CHECKS, type CheckResult, type CheckStatus, type PostdeployReport } from "./types";

const CELL: Readonly<Record<CheckStatus, string>> = {
    "ok": "ok",
    "refused": "refused (expected)",
    "failed": "FAILED",
    "over-privileged": "OVER-PRIVILEGED",
    "warning": "warning",
    "not-run": "not run",
};

export function renderTable(report: PostdeployReport): string {
    const used = CHECKS.filter((c) => report.sections.some((s) => s.checks.some((r) => r.check === c)));
    const table = new Table({ head: ["section", "role", ...used], style: { head: [], border: [] } });
    for (const s of report.sections) {
        table.push([s.section, s.role, ...used.map((c) => {
            const r = s.checks.find((x) => x.check === c);
            return r ? CELL[r.status] : "-";
        })]);
    }
    const lines: string[] = [
        `post-deploy ${report.environment}: run ${report.runId}, ${report.rcloneVersion}, ${report.sections.length} sections, ` +
        `concurrency ${report.concurrency}, ${report.rcloneCalls} rclone calls, ${(report.durationMs / 1000).toFixed(1)} s`,
        table.toString(),
    ];
    const problems = report.sections.flatMap((s) => s.checks.filter((c) => c.status === "failed" || c.status === "over-privileged")
        .map((c) => ({ s, c })));
    if (problems.length) {
        lines.push("", "Failures:");
        for (const { s, c } of problems) lines.push(...describe(s.section, c));
    }
    const warnings = report.sections.flatMap((s) => s.checks.filter((c) => c.status === "warning").map((c) => ({ s, c })));
    if (warnings.length) {
        lines.push("", "Warnings:");
        for (const { s, c } of warnings) lines.push(`  ${s.section} ${c.check}: ${c.detail}`);
    }
    const notRun = report.sections.filter((s) => s.checks.some((c) => c.status === "not-run"));
    for (const s of notRun) lines.push(`  ${s.section}: ${s.checks.filter((c) => c.status === "not-run").length} checks not run`);
    lines.push("", `Cleanup: ${report.cleaned.length} probe object(s) removed, ${report.leftovers.length} left behind.`);
    for (const l of report.leftovers) lines.push(`  left: ${l.path} (written by ${l.writtenBy}): ${l.reason}`);
    for (const n of report.notes) lines.push(`  note: ${n}`);
    lines.push("", report.failed ? "RESULT: FAILED" : "RESULT: every check passed");
    return lines.join("\n");
}

function describe(section: string, c: CheckResult): string[] {
    const out = [`  ${section} ${c.check}: ${CELL[c.status]} — ${c.detail}`];
    if (c.diagnosis) out.push(`    diagnosis: ${c.diagnosis}`);
    if (c.error) out.push(...c.error.split("\n").map((l) => `    rclone: ${l.trim()}`));
    return out;
}

export function renderJson(report: PostdeployReport): string {
    return JSON.stringify(report, null, 2);
}

export function renderJunit(report: PostdeployReport): string {
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
    const all = report.sections.flatMap((s) => s.checks);
    const count = (pred: (c: CheckResult) => boolean) => all.filter(pred).length;
    const out: string[] = [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="postdeploy ${esc(report.environment)}" tests="${all.length}" ` +
        `failures="${count((c) => c.status === "failed" || c.status === "over-privileged")}" ` +
        `skipped="${count((c) => c.status === "not-run")}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ];
    for (const s of report.sections) {
        const f = s.checks.filter((c) => c.status === "failed" || c.status === "over-privileged").length;
        const sk = s.checks.filter((c) => c.status === "not-run").length;
        out.push(`  <testsuite name="${esc(s.section)}" tests="${s.checks.length}" failures="${f}" skipped="${sk}">`);
        for (const c of s.checks) {
            out.push(`    <testcase classname="${esc(s.section)}" name="${esc(c.check)}" time="${(c.durationMs / 1000).toFixed(3)}">`);
            if (c.status === "failed" || c.status === "over-privileged") {
                const body = [c.detail, c.diagnosis ? `diagnosis: ${c.diagnosis}` : "", c.error ?? ""].filter(Boolean).join("\n");
                out.push(`      <failure message="${esc(`${CELL[c.status]}: ${c.diagnosis ?? c.detail}`)}" type="${c.status}">${esc(body)}</failure>`);
            } else if (c.status === "not-run") {
                out.push(`      <skipped message="${esc(c.detail)}"/>`);
            } else {
                out.push(`      <system-out>${esc(`${CELL[c.status]}: ${c.detail}`)}</system-out>`);
            }
            out.push(`    </testcase>`);
        }
        out.push(`  </testsuite>`);
    }
    out.push(`</testsuites>`);
    return out.join("\n") + "\n";
}
