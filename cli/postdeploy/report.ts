/** Rendering a post-deploy report: a matrix for people, JSON and JUnit XML for machines. */
import { CHECK_CODES, CHECKS } from "./checks";
import { PASSING, type CheckResult, type CheckStatus, type PostdeployReport } from "./types";

const CELL: Readonly<Record<CheckStatus, string>> = {
    ok: "ok",
    refused: "no",
    deviation: "dv",
    failed: "FF",
    "over-privileged": "OP",
    inconclusive: "??",
    "not-run": "--",
};

const WORD: Readonly<Record<CheckStatus, string>> = {
    ok: "ok",
    refused: "refused (expected)",
    deviation: "deviation",
    failed: "FAILED",
    "over-privileged": "OVER-PRIVILEGED",
    inconclusive: "INCONCLUSIVE",
    "not-run": "not run",
};

function matrix(report: PostdeployReport): string[] {
    const used = CHECKS.filter((c) => report.sections.some((s) => s.checks.some((r) => r.check === c)));
    const width = Math.max(7, ...report.sections.map((s) => s.section.length));
    const row = (a: string, b: string, cells: string[]) => `${a.padEnd(width)}  ${b.padEnd(6)}  ${cells.join(" ")}`.trimEnd();
    const lines = [
        row(
            "section",
            "role",
            used.map((c) => CHECK_CODES[c]),
        ),
    ];
    for (const s of report.sections) {
        lines.push(
            row(
                s.section,
                s.role,
                used.map((c) => {
                    const r = s.checks.find((x) => x.check === c);
                    return r ? CELL[r.status] : "  ";
                }),
            ),
        );
    }
    lines.push(
        "",
        `  ${Object.entries(CELL)
            .map(([status, cell]) => `${cell} ${status}`)
            .join(" · ")}; blank: not applicable`,
    );
    lines.push(`  ${used.map((c) => `${CHECK_CODES[c]} ${c}`).join(" · ")}`);
    return lines;
}

/** Each check's provider calls, once per distinct call. */
function calls(report: PostdeployReport): string[] {
    const seen = new Map<string, Set<string>>();
    for (const s of report.sections) {
        for (const c of s.checks) if (c.call) seen.set(c.check, (seen.get(c.check) ?? new Set()).add(c.call));
    }
    return CHECKS.filter((c) => seen.has(c)).map((c) => `  ${c}: ${[...seen.get(c)!].join(" | ")}`);
}

export function renderTable(report: PostdeployReport): string {
    const cpu = report.rclone.cpuMs !== undefined ? `, rclone CPU ${(report.rclone.cpuMs / 1000).toFixed(1)} s` : "";
    const lines: string[] = [
        `post-deploy ${report.environment}: run ${report.runId}, ${report.rcloneVersion}, ${report.sections.length} sections, ` +
            `concurrency ${report.concurrency}, admin ${report.admin ? "yes" : "no"}, ${report.rclone.processes} rclone process ` +
            `(${report.rclone.rcCalls} rc calls${cpu}), ${report.providerCalls} provider API calls, ${(report.durationMs / 1000).toFixed(1)} s`,
        "",
        ...matrix(report),
        "",
        "Calls:",
        ...calls(report),
    ];
    const problems = report.sections.flatMap((s) => s.checks.filter((c) => !PASSING.includes(c.status) && c.status !== "not-run").map((c) => ({ s, c })));
    if (problems.length) {
        lines.push("", "Problems:");
        for (const { s, c } of problems) lines.push(...describe(s.section, c));
    }
    for (const s of report.sections.filter((x) => x.checks.some((c) => c.status === "not-run"))) {
        lines.push(`  ${s.section}: ${s.checks.filter((c) => c.status === "not-run").length} checks not run`);
    }
    const deviations = report.sections.flatMap((s) => s.checks.filter((c) => c.status === "deviation").map((c) => `  ${s.section} ${c.check}: ${c.detail}`));
    if (deviations.length) lines.push("", "Known deviations:", ...deviations);
    if (report.revoked.length) {
        lines.push("", "Revoked and retired keys (each must be refused):");
        for (const r of report.revoked) lines.push(`  ${r.section}: ${r.status === "refused" ? "refused" : r.status.toUpperCase()} — ${r.detail}`);
    }
    if (report.boundElsewhere?.length) {
        lines.push("", "Keys bound to their host's addresses, tried from outside them (each must be refused; the host self-test proves the rest):");
        for (const b of report.boundElsewhere) lines.push(`  ${b.section}: ${b.status === "refused" ? "refused" : b.status.toUpperCase()} — ${b.detail}`);
    }
    lines.push("", `Cleanup: ${report.cleaned.length} object(s) removed, ${report.leftovers.length} left behind.`);
    for (const l of report.leftovers) lines.push(`  left: ${l.path} (written by ${l.writtenBy}): ${l.reason}`);
    for (const n of report.notes) lines.push(`  note: ${n}`);
    lines.push("", report.failed ? "RESULT: FAILED" : "RESULT: every check passed");
    return lines.join("\n");
}

function describe(section: string, c: CheckResult): string[] {
    const out = [`  ${section} ${c.check}: ${WORD[c.status]} — ${c.detail}`, `    call: ${c.call}`];
    if (c.diagnosis) out.push(`    diagnosis: ${c.diagnosis}`);
    if (c.error) out.push(...c.error.split("\n").map((l) => `    error: ${l.trim()}`));
    return out;
}

export function renderJson(report: PostdeployReport): string {
    return JSON.stringify(report, null, 2);
}

const esc = (s: string) =>
    s
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        // XML 1.0 cannot carry these control characters, not even as character references.
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

const isFailure = (c: CheckResult) => !PASSING.includes(c.status) && c.status !== "not-run";

export function renderJunit(report: PostdeployReport): string {
    const all = report.sections.flatMap((s) => s.checks);
    const out: string[] = [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="postdeploy ${esc(report.environment)}" tests="${all.length}" failures="${all.filter(isFailure).length}" ` +
            `skipped="${all.filter((c) => c.status === "not-run").length}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ];
    for (const s of report.sections) {
        out.push(
            `  <testsuite name="${esc(s.section)}" tests="${s.checks.length}" failures="${s.checks.filter(isFailure).length}" ` +
                `skipped="${s.checks.filter((c) => c.status === "not-run").length}">`,
        );
        for (const c of s.checks) out.push(...junitCase(s.section, c));
        out.push(`  </testsuite>`);
    }
    if (report.revoked.length) out.push(...junitRevoked(report.revoked));
    if (report.boundElsewhere?.length) out.push(...junitBound(report.boundElsewhere));
    out.push(`</testsuites>`);
    return out.join("\n") + "\n";
}

function junitRevoked(revoked: PostdeployReport["revoked"]): string[] {
    const failures = revoked.filter((r) => r.status !== "refused").length;
    return [
        `  <testsuite name="revoked keys" tests="${revoked.length}" failures="${failures}" skipped="0">`,
        ...revoked.flatMap((r) => [
            `    <testcase classname="revoked keys" name="${esc(r.section)}" time="0">`,
            r.status === "refused"
                ? `      <system-out>${esc(r.detail)}</system-out>`
                : `      <failure message="${esc(r.detail)}" type="${r.status}">${esc(r.detail)}</failure>`,
            `    </testcase>`,
        ]),
        `  </testsuite>`,
    ];
}

function junitBound(bound: NonNullable<PostdeployReport["boundElsewhere"]>): string[] {
    return [
        `  <testsuite name="keys bound elsewhere" tests="${bound.length}" failures="${bound.filter((b) => b.status !== "refused").length}" skipped="0">`,
        ...bound.flatMap((b) => [
            `    <testcase classname="keys bound elsewhere" name="${esc(b.section)}" time="0">`,
            b.status === "refused"
                ? `      <system-out>${esc(b.detail)}</system-out>`
                : `      <failure message="${esc(b.detail)}" type="${b.status}">${esc(b.detail)}</failure>`,
            `    </testcase>`,
        ]),
        `  </testsuite>`,
    ];
}

function junitCase(section: string, c: CheckResult): string[] {
    const out = [`    <testcase classname="${esc(section)}" name="${esc(c.check)}" time="${(c.durationMs / 1000).toFixed(3)}">`];
    if (isFailure(c)) {
        const body = [c.detail, `call: ${c.call}`, c.diagnosis ? `diagnosis: ${c.diagnosis}` : "", c.error ?? ""].filter(Boolean).join("\n");
        out.push(`      <failure message="${esc(`${WORD[c.status]}: ${c.diagnosis ?? c.detail}`)}" type="${c.status}">${esc(body)}</failure>`);
    } else if (c.status === "not-run") {
        out.push(`      <skipped message="${esc(c.detail)}"/>`);
    } else {
        out.push(`      <system-out>${esc(`${WORD[c.status]}: ${c.detail} [${c.call}]`)}</system-out>`);
    }
    out.push(`    </testcase>`);
    return out;
}
