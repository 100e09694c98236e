/** How an observation becomes ok / refused / FAILED / over-privileged / warning. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { verdict } from "../../cli/postdeploy/verdict";
import { effectiveOn } from "../../components/providers/registry";
import { expectedOutcome } from "../../components/permissions/expectations";
import { CAPTURED } from "./fixtures/rclone-errors";

const awsCopy = effectiveOn("aws", "copy", { versioning: true });
const r2Copy = effectiveOn("r2", "copy", { versioning: false, prefixLockDays: 30 });
const ctx = { provider: "aws" as const, endpoint: "https://s3.eu-west-1.amazonaws.com", listWorked: true, role: "copy" };
const refusedBy = (stderr: string) => ({ code: 1, stderr, durationMs: 5 });

describe("verdicts", () => {
    it("an allowed attempt that worked is ok", () => {
        const v = verdict("write", expectedOutcome(awsCopy, "write"), { took: true, what: "write x", result: { code: 0, stderr: "", durationMs: 3 } }, ctx);
        assert.equal(v.status, "ok");
        assert.equal(v.error, undefined);
    });

    it("an allowed attempt refused with 403 FAILED, with the missing grant named", () => {
        const v = verdict("write", expectedOutcome(awsCopy, "write"), { took: false, what: "write x", result: refusedBy(CAPTURED.putRefused) },
            { ...ctx, capability: "write" });
        assert.equal(v.status, "failed");
        assert.equal(v.errorKind, "access-denied");
        assert.match(v.diagnosis ?? "", /missing write permission \(s3:PutObject/);
        assert.match(v.error ?? "", /^Failed to copy: AccessDenied:/m);
    });

    it("an allowed attempt that exited 0 without effect FAILED (rclone can exit 0 doing nothing)", () => {
        const v = verdict("delete", { outcome: "succeeds" }, { took: false, what: "delete x", result: { code: 0, stderr: "", durationMs: 1 } }, ctx);
        assert.equal(v.status, "failed");
        assert.match(v.diagnosis ?? "", /rclone reported success but the effect is not there/);
    });

    it("a forbidden attempt refused with 403 is refused as expected", () => {
        const v = verdict("read", expectedOutcome(awsCopy, "read"), { took: false, what: "read y", result: refusedBy(CAPTURED.headRefused) }, ctx);
        assert.equal(v.status, "refused");
    });

    it("a forbidden attempt that could not be made (connection refused) FAILED: it proves nothing", () => {
        const v = verdict("delete", expectedOutcome(awsCopy, "delete"), { took: false, what: "delete y", result: refusedBy(CAPTURED.wrongPort) }, ctx);
        assert.equal(v.status, "failed");
        assert.equal(v.errorKind, "connection-refused");
    });

    it("a forbidden attempt that worked is over-privileged", () => {
        const v = verdict("delete", expectedOutcome(awsCopy, "delete"), { took: true, what: "delete y", result: { code: 0, stderr: "", durationMs: 1 } },
            { ...ctx, capability: "delete" });
        assert.equal(v.status, "over-privileged");
        assert.match(v.diagnosis ?? "", /copy credential can delete although its role forbids it/);
        const outside = verdict("outside-write", expectedOutcome(awsCopy, "outside-prefix"), { took: true, what: "write z" }, ctx);
        assert.match(outside.diagnosis ?? "", /can reach outside its prefix/);
    });

    it("a forbidden attempt that worked where the model names a deviation is a warning with its control", () => {
        const v = verdict("delete", expectedOutcome(r2Copy, "delete"), { took: true, what: "delete y" }, { ...ctx, provider: "r2" });
        assert.equal(v.status, "warning");
        assert.match(v.detail, /known deviation r2-write-implies-delete.*control: bucket lock rule: .*30 days/);
    });

    it("another environment's bucket that does not exist is a warning, not a refusal", () => {
        const v = verdict("other-env-write", expectedOutcome(awsCopy, "other-bucket"), { took: false, what: "write into p",
            result: refusedBy("Failed to copy: NoSuchBucket: The specified bucket does not exist") }, ctx);
        assert.equal(v.status, "warning");
    });
});
