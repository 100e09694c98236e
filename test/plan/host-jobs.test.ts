/**
 * The plan's text shows, per host, what that host's file states under each
 * section: role, path, flags and the job line, wrapped within the width with
 * `\` continuations that sh joins back into exactly the file's line.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { renderHostJobs } from "../../cli/plan/host-jobs";
import { redactPlan } from "../../cli/plan/redact";
import { renderPlanText } from "../../cli/plan/report";
import { runPlan } from "../../cli/plan/run";
import { TEXT_WIDTH } from "../../cli/plan/text-layout";
import type { RemoteSummary } from "../../components/outputs";
import { jobLine } from "../../components/rclone/host-job";

const root = path.resolve(__dirname, "..", "..");

/** The commands of a block of lines as sh reads them: `\` + newline joins lines. */
function shellCommands(lines: readonly string[]): string[] {
    return lines
        .join("\n")
        .replace(/ \\\n\s+/g, " ")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.startsWith("rclone "));
}

test("the prod plan's text shows every host's job lines, each exactly the line its file gives, within the width", async () => {
    const plan = redactPlan(await runPlan("prod", { projectDir: root }));
    const lines = renderPlanText(plan).split("\n");
    const start = lines.findIndex((l) => l.startsWith("Host jobs"));
    assert.ok(start > 0, "no host jobs part");
    const remotes = plan.outputs.remotes as RemoteSummary[];
    const part = lines.slice(start, lines.indexOf("", start));
    assert.deepEqual(
        part.filter((l) => l.length > TEXT_WIDTH),
        [],
    );
    const hosts = [...new Set(remotes.map((r) => r.host))].sort();
    assert.deepEqual(
        part.filter((l) => /^ {2}\S/.test(l)),
        hosts.map((h) => `  ${h} (/etc/rclone/prod.conf):`),
    );
    const expected = hosts.flatMap((h) =>
        remotes.filter((r) => r.host === h).map((r) => jobLine(r.environment, r.hostSection, { role: r.role, path: r.path, flags: r.rcloneFlags })),
    );
    assert.deepEqual(shellCommands(part), expected);
    assert.ok(part.some((l) => l.includes("copy --ignore-existing /path/to/source")));
});

test("a job line too long for the width wraps between words, and sh reads the wrapped lines as the one command", () => {
    const r: RemoteSummary = {
        section: "prod-db-archive.db1",
        hostSection: "prod-db-archive",
        environment: "prod",
        credential: "db-archive",
        host: "db1",
        remote: "aws-main",
        provider: "aws",
        role: "copy",
        bucket: "acme-backup-prod-main",
        prefix: "it's deep/",
        path: "acme-backup-prod-main/it's deep/",
        endpoint: "https://s3.eu-west-1.amazonaws.com",
        region: "eu-west-1",
        rcloneFlags: ["--ignore-existing"],
    };
    const lines = renderHostJobs([r], 64).slice(1); // the heading is a fixed sentence
    assert.deepEqual(
        lines.filter((l) => l.length > 64),
        [],
    );
    const wrapped = lines.slice(lines.findIndex((l) => l.trim().startsWith("rclone "))).join("\n");
    assert.ok(wrapped.includes(" \\\n"), "the line wraps");
    // sh prints the words it read: the wrapped text gives the same words as the one-line job.
    const words = (command: string) => execFileSync("/bin/sh", ["-c", `printf '%s\\n' ${command.replace(/^rclone /, "")}`], { encoding: "utf8" });
    assert.equal(words(wrapped.trim()), words(jobLine("prod", r.hostSection, { role: "copy", path: r.path, flags: r.rcloneFlags })));
});
