import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderJson, renderJunit, renderTable } from "../../cli/postdeploy/report";
import type { PostdeployReport } from "../../cli/postdeploy/types";

const report: PostdeployReport = {
    environment: "staging", runId: "postdeploy-20261128T200000-abcdef", rcloneVersion: "rclone v1.60.1-DEV",
    startedAt: "2026-11-28T20:00:00.000Z", durationMs: 4200, concurrency: 8, rcloneCalls: 12,
    sections: [
        {
            section: "staging-db.h1", role: "copy", provider: "aws", bucket: "b", prefix: "db/", runPath: "b/db/postdeploy-x/staging-db.h1/",
            checks: [
                { check: "list", status: "ok", detail: "list b/db/", durationMs: 100 },
                { check: "write", status: "failed", detail: "write b/db/x: did not work", errorKind: "access-denied",
                    diagnosis: "list works but write is refused: missing write permission (s3:PutObject, s3:AbortMultipartUpload)",
                    error: "Failed to copy: AccessDenied: <&>", durationMs: 200 },
                { check: "read", status: "refused", detail: "read: refused as expected", durationMs: 50 },
                { check: "delete", status: "over-privileged", detail: "delete its own probe: WORKED",
                    diagnosis: "over-privileged: the copy credential can delete although its role forbids it", durationMs: 70 },
            ],
        },
        {
            section: "staging-r2.h1", role: "copy", provider: "r2", bucket: "r", prefix: "db/", runPath: "r/db/postdeploy-x/staging-r2.h1/",
            checks: [
                { check: "list", status: "ok", detail: "list r/db/", durationMs: 100 },
                { check: "delete", status: "warning", detail: "delete: possible (known deviation r2-write-implies-delete); control: bucket lock rule", durationMs: 80 },
                { check: "rmdir", status: "not-run", detail: "not run: the section cannot list", durationMs: 0 },
            ],
        },
    ],
    cleaned: ["b/db/postdeploy-x/staging-db.h1/probe.txt"],
    leftovers: [{ path: "r/db/postdeploy-x/staging-r2.h1/probe.txt", writtenBy: "staging-r2.h1", reason: "connection refused" }],
    notes: ["on versioned buckets a delete leaves a delete marker"],
    failed: true,
};

describe("report rendering", () => {
    it("table: one row per section, one column per check used, statuses in words", () => {
        const t = renderTable(report);
        assert.match(t, /post-deploy staging: run postdeploy-20261128T200000-abcdef, rclone v1\.60\.1-DEV, 2 sections/);
        assert.match(t, /staging-db\.h1 +│ copy +│ ok +│ FAILED +│ refused \(expected\) +│ OVER-PRIVILEGED/);
        assert.match(t, /staging-r2\.h1 +│ copy +│ ok +│ - +│ - +│ warning +│ not run/);
        assert.ok(!/outside-list/.test(t), "columns of checks no section has are left out");
    });

    it("table: a diagnosis for each failure, warnings with their control, leftovers, verdict", () => {
        const t = renderTable(report);
        assert.match(t, /staging-db\.h1 write: FAILED — write b\/db\/x: did not work\n +diagnosis: list works but write is refused/);
        assert.match(t, /staging-db\.h1 delete: OVER-PRIVILEGED/);
        assert.match(t, /staging-r2\.h1 delete: .*control: bucket lock rule/);
        assert.match(t, /left: r\/db\/postdeploy-x\/staging-r2\.h1\/probe\.txt \(written by staging-r2\.h1\): connection refused/);
        assert.match(t, /RESULT: FAILED$/);
    });

    it("JSON round-trips the report", () => {
        assert.deepEqual(JSON.parse(renderJson(report)), report);
    });

    it("JUnit: a testsuite per section, failures for FAILED and over-privileged, skips for not run, XML escaped", () => {
        const x = renderJunit(report);
        assert.match(x, /<testsuites name="postdeploy staging" tests="7" failures="2" skipped="1" time="4\.200">/);
        assert.match(x, /<testsuite name="staging-db\.h1" tests="4" failures="2" skipped="0">/);
        assert.match(x, /<failure message="FAILED: list works but write is refused[^"]*" type="failed">/);
        assert.match(x, /AccessDenied: &lt;&amp;&gt;/);
        assert.match(x, /<skipped message="not run: the section cannot list"\/>/);
        assert.ok(!x.includes("<&>"));
    });
});
