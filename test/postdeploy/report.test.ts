import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderJson, renderJunit, renderTable } from "../../cli/postdeploy/report";
import type { PostdeployReport } from "../../cli/postdeploy/types";

const call = "rclone sync/copy → S3 PutObject / multipart upload";
const report: PostdeployReport = {
    environment: "staging",
    runId: "postdeploy-20261128T200000-abcdef",
    rcloneVersion: "rclone v1.60.1-DEV",
    startedAt: "2026-11-28T20:00:00.000Z",
    durationMs: 4200,
    concurrency: 8,
    admin: true,
    rclone: { processes: 1, rcCalls: 40, cpuMs: 300 },
    providerCalls: 12,
    revoked: [],
    sections: [
        {
            section: "staging-db.h1",
            role: "copy",
            provider: "aws",
            bucket: "b",
            prefix: "db/",
            runPath: "b/db/postdeploy-runs/x/staging-db.h1/",
            generation: 1,
            checks: [
                { check: "list", status: "ok", outcome: "worked", detail: "list b/db/", call: "rclone operations/list → S3 ListObjectsV2", durationMs: 100 },
                {
                    check: "write",
                    status: "failed",
                    outcome: "refused",
                    detail: "write b/db/x: refused",
                    errorKind: "access-denied",
                    call,
                    diagnosis: "list works but write is refused: missing write permission (s3:PutObject, s3:AbortMultipartUpload)",
                    error: "AccessDenied: <&>",
                    durationMs: 200,
                },
                {
                    check: "read",
                    status: "refused",
                    outcome: "refused",
                    detail: "read: refused as expected",
                    call: "rclone operations/copyfile → S3 GetObject",
                    durationMs: 50,
                },
                {
                    check: "delete",
                    status: "over-privileged",
                    outcome: "worked",
                    detail: "delete b/db/t: WORKED",
                    call: "rclone operations/deletefile → S3 DeleteObject",
                    diagnosis: "over-privileged: the copy credential can delete objects although its role forbids it",
                    durationMs: 70,
                },
                {
                    check: "list-buckets",
                    status: "inconclusive",
                    outcome: "inconclusive",
                    detail: "list all buckets: inconclusive — the call failed (timeout)",
                    call: "S3 ListBuckets (s3:ListAllMyBuckets)",
                    durationMs: 60,
                },
            ],
        },
        {
            section: "staging-r2.h1",
            role: "copy",
            provider: "r2",
            bucket: "r",
            prefix: "db/",
            runPath: "r/db/postdeploy-runs/x/staging-r2.h1/",
            generation: 1,
            checks: [
                { check: "list", status: "ok", outcome: "worked", detail: "list r/db/", call: "rclone operations/list → S3 ListObjectsV2", durationMs: 100 },
                {
                    check: "delete",
                    status: "deviation",
                    outcome: "worked",
                    call: "rclone operations/deletefile → S3 DeleteObject",
                    detail: "delete: possible (known deviation r2-write-implies-delete); control: bucket lock rule",
                    durationMs: 80,
                },
                { check: "overwrite", status: "not-run", outcome: "not-run", call: "", detail: "not run: the section cannot list", durationMs: 0 },
            ],
        },
    ],
    cleaned: ["b/db/postdeploy-runs/x/staging-db.h1/probe.txt"],
    leftovers: [{ path: "r/db/postdeploy-runs/x/staging-r2.h1/probe.txt", writtenBy: "staging-r2.h1", reason: "connection refused" }],
    notes: ["every section failed the same way"],
    failed: true,
};

describe("report rendering", () => {
    it("header: one rclone process, its rc calls and CPU, the provider calls", () => {
        assert.match(
            renderTable(report),
            /post-deploy staging: run postdeploy-20261128T200000-abcdef, rclone v1\.60\.1-DEV, 2 sections, concurrency 8, admin yes, 1 rclone process \(40 rc calls, rclone CPU 0\.3 s\), 12 provider API calls, 4\.2 s/,
        );
    });

    it("matrix: a row per section, a two-letter column per check used, with a legend", () => {
        const t = renderTable(report);
        assert.match(t, /^section +role +ls wr rd rm ow lb$/m);
        assert.match(t, /^staging-db\.h1 +copy +ok FF no OP {4}\?\?$/m);
        assert.match(t, /^staging-r2\.h1 +copy +ok {7}dv -- *$/m);
        assert.match(t, /ok ok · no refused · dv deviation · FF failed · OP over-privileged · \?\? inconclusive · -- not-run/);
    });

    it("names the provider call of each check, and every problem with its call, diagnosis and error", () => {
        const t = renderTable(report);
        assert.match(t, /Calls:\n {2}list: rclone operations\/list → S3 ListObjectsV2\n/);
        assert.match(t, /list-buckets: S3 ListBuckets \(s3:ListAllMyBuckets\)/);
        assert.match(t, /staging-db\.h1 write: FAILED — write b\/db\/x: refused\n {4}call: rclone sync\/copy/);
        assert.match(t, /diagnosis: list works but write is refused/);
        assert.match(t, /staging-db\.h1 delete: OVER-PRIVILEGED/);
        assert.match(t, /staging-db\.h1 list-buckets: INCONCLUSIVE/);
        assert.match(t, /Known deviations:\n {2}staging-r2\.h1 delete: .*control: bucket lock rule/);
        assert.match(t, /left: r\/db\/postdeploy-runs\/x\/staging-r2\.h1\/probe\.txt \(written by staging-r2\.h1\): connection refused/);
        assert.match(t, /RESULT: FAILED$/);
    });

    it("JSON round-trips the report", () => {
        assert.deepEqual(JSON.parse(renderJson(report)), report);
    });

    it("JUnit: a testsuite per section; failed, over-privileged and inconclusive are failures; not run is skipped; XML escaped", () => {
        const x = renderJunit(report);
        assert.match(x, /<testsuites name="postdeploy staging" tests="8" failures="3" skipped="1" time="4\.200">/);
        assert.match(x, /<testsuite name="staging-db\.h1" tests="5" failures="3" skipped="0">/);
        assert.match(x, /<failure message="FAILED: list works but write is refused[^"]*" type="failed">/);
        assert.match(x, /type="inconclusive"/);
        assert.match(x, /AccessDenied: &lt;&amp;&gt;/);
        assert.match(x, /<skipped message="not run: the section cannot list"\/>/);
        assert.ok(!x.includes("<&>"));
    });
});
