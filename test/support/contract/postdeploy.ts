/** Helpers of the post-deploy contract tests: reading reports, widening generated policies, running the CLI. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import type { CheckResult, PostdeployReport } from "../../../cli/postdeploy/types";
import { PASSING } from "../../../cli/postdeploy/types";
import { adminS3, type RgwServer } from "../rgw";

export const REPO = join(__dirname, "..", "..", "..");

/** Short: a fault must be reported quickly, not retried for the production default of 90 s. */
export const AUTH_RETRY_MS = 1500;

export function check(report: PostdeployReport, section: string, name: string): CheckResult {
    const c = report.sections.find((s) => s.section === section)?.checks.find((x) => x.check === name);
    assert.ok(c, `no ${name} check for ${section}`);
    return c;
}

/** Every check that did not pass, as one line each (for assertion messages). */
export function notPassing(report: PostdeployReport): string[] {
    return report.sections.flatMap((s) =>
        s.checks
            .filter((c) => !PASSING.includes(c.status))
            .map((c) => `${s.section} ${c.check}: ${c.status} — ${c.detail} ${c.diagnosis ?? ""} ${c.error ?? ""}`),
    );
}

/** Every key and version (delete markers too) under a prefix, as the admin sees them. */
export async function versionsUnder(server: RgwServer, bucket: string, prefix: string): Promise<string[]> {
    const s3 = adminS3(server);
    try {
        const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
        return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].map((v) => `${v.Key}@${v.VersionId}`);
    } finally {
        s3.destroy();
    }
}

interface PolicyDoc {
    Version: string;
    Statement: { Sid: string; Effect: string; Action: string[]; Resource: string[]; Condition?: { StringLike: Record<string, string[]> } }[];
}

/** Ways to widen a generated policy by one grant, as a careless change would. */
export const widen = {
    /** One more action on the credential's own objects. */
    objectAction:
        (action: string) =>
        (policy: string): string => {
            const doc = JSON.parse(policy) as PolicyDoc;
            const objects = doc.Statement.find((s) => s.Sid === "ObjectsWithinPrefix");
            assert.ok(objects, "the generated policy has an object statement");
            objects.Action.push(action);
            return JSON.stringify(doc);
        },
    /** A statement of its own. */
    statement:
        (actions: string[], resources: string[], condition?: Record<string, string[]>) =>
        (policy: string): string => {
            const doc = JSON.parse(policy) as PolicyDoc;
            doc.Statement.push({
                Sid: "Widened",
                Effect: "Allow",
                Action: actions,
                Resource: resources,
                ...(condition ? { Condition: { StringLike: condition } } : {}),
            });
            return JSON.stringify(doc);
        },
    /** The prefix without its slash (`db*` instead of `db/*`): the classic mistake that also grants `db-…/`. */
    prefixWithoutSlash:
        (prefix: string) =>
        (policy: string): string =>
            policy
                .split(`"${prefix}*"`)
                .join(`"${prefix.replace(/\/$/, "")}*"`)
                .split(`/${prefix}*"`)
                .join(`/${prefix.replace(/\/$/, "")}*"`),
};

export function withoutAction(policy: string, action: string): string {
    const doc = JSON.parse(policy) as PolicyDoc;
    for (const s of doc.Statement) s.Action = s.Action.filter((a) => a !== action);
    return JSON.stringify(doc);
}

export interface CliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** The post-deploy command as a user runs it (TypeScript entry, a process of its own). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["--import", "tsx", join(REPO, "cli/postdeploy/main.ts"), ...args],
            { cwd: REPO, env, maxBuffer: 32 * 1024 * 1024 },
            (err, stdout, stderr) => {
                resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
            },
        );
    });
}
