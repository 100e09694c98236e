/** Three outcomes (worked / refused / inconclusive), then ok / refused / deviation / FAILED / over-privileged / inconclusive. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { failureOf, outcomeOf, verdict, type Observation } from "../../cli/postdeploy/verdict";
import { effectiveOn } from "../../components/providers/registry";
import { expectedOutcome, type Expectation } from "../../components/permissions/expectations";
import { CAPTURED } from "./fixtures/rclone-errors";
import { ATTEMPT_TEXT, type CheckName } from "../../cli/postdeploy/checks";

const awsCopy = effectiveOn("aws", "copy", { versioning: true, noncurrentVersionDays: 14 });
const r2Copy = effectiveOn("r2", "copy", { versioning: false, prefixLockDays: 30 });
const ctx = { provider: "aws" as const, endpoint: "https://s3.eu-west-1.amazonaws.com", listWorked: true, role: "copy" };
const refusedBy = (text: string) => failureOf(text, "aws");
/** What plan.ts gives a check: its expectation and the catalogue's attempt text. */
const planned = (check: CheckName, expectation: Expectation) => ({ expectation, attempt: ATTEMPT_TEXT[check] });
const obs = (o: Partial<Observation> & Pick<Observation, "outcome">): Observation => ({ what: "x", call: "S3 Y", durationMs: 1, ...o });

describe("outcomes", () => {
    it("an observed effect is worked, whatever the call said", () => {
        assert.equal(outcomeOf(undefined, true).outcome, "worked");
        assert.equal(outcomeOf(refusedBy(CAPTURED.rcCopyRefused), true).outcome, "worked");
    });
    it("a recognised access error is refused", () => {
        assert.equal(outcomeOf(refusedBy(CAPTURED.rcReadRefused), undefined).outcome, "refused");
        assert.equal(outcomeOf(refusedBy(CAPTURED.sdkRefused), false).outcome, "refused");
    });
    it("anything else is inconclusive: success without effect, nobody to look, a network error, not found", () => {
        assert.match(outcomeOf(undefined, false).why ?? "", /reported success but its effect is not there/);
        assert.match(outcomeOf(undefined, undefined).why ?? "", /no identity could look/);
        assert.equal(outcomeOf(refusedBy(CAPTURED.rcWrongPort), undefined).outcome, "inconclusive");
        assert.equal(outcomeOf(refusedBy(CAPTURED.rcObjectNotFound), false).outcome, "inconclusive");
    });
});

describe("verdicts", () => {
    it("allowed and worked: ok", () => {
        assert.equal(verdict(planned("write", expectedOutcome(awsCopy, "write")), obs({ outcome: "worked" }), ctx).status, "ok");
    });

    it("allowed but refused: FAILED, naming the missing grant", () => {
        const v = verdict(planned("write", expectedOutcome(awsCopy, "write")), obs({ outcome: "refused", failure: refusedBy(CAPTURED.rcCopyRefused) }), {
            ...ctx,
            capability: "write",
        });
        assert.equal(v.status, "failed");
        assert.equal(v.errorKind, "access-denied");
        assert.match(v.diagnosis ?? "", /missing write permission \(s3:PutObject/);
        assert.match(v.error ?? "", /^AccessDenied:/);
    });

    it("inconclusive fails whatever was expected, with its reason", () => {
        for (const expectation of [expectedOutcome(awsCopy, "write"), expectedOutcome(awsCopy, "read")]) {
            const v = verdict(planned("read", expectation), obs({ outcome: "inconclusive", why: "rclone exited 0 without reading anything" }), ctx);
            assert.equal(v.status, "inconclusive");
            assert.match(v.detail, /rclone exited 0 without reading anything/);
        }
        const net = verdict(
            planned("list", expectedOutcome(awsCopy, "list")),
            obs({ outcome: "inconclusive", failure: refusedBy(CAPTURED.rcAwsNoRoute) }),
            ctx,
        );
        assert.match(net.diagnosis ?? "", /cannot reach the network/);
    });

    it("forbidden and refused: refused", () => {
        assert.equal(
            verdict(planned("read", expectedOutcome(awsCopy, "read")), obs({ outcome: "refused", failure: refusedBy(CAPTURED.rcReadRefused) }), ctx).status,
            "refused",
        );
    });

    it("forbidden and worked: over-privileged, saying what the key can do", () => {
        const del = verdict(planned("delete", expectedOutcome(awsCopy, "delete")), obs({ outcome: "worked" }), ctx);
        assert.equal(del.status, "over-privileged");
        assert.match(del.diagnosis ?? "", /copy credential can delete objects although its role forbids it/);
        const lb = verdict(planned("list-buckets", { outcome: "refused" }), obs({ outcome: "worked" }), ctx);
        assert.match(lb.diagnosis ?? "", /can list all buckets/);
        const sib = verdict(planned("sibling-write", expectedOutcome(awsCopy, "outside-prefix")), obs({ outcome: "worked" }), ctx);
        assert.match(sib.diagnosis ?? "", /write into a sibling prefix/);
    });

    it("forbidden, worked, and a named deviation: deviation with its control", () => {
        const v = verdict(planned("delete", expectedOutcome(r2Copy, "delete")), obs({ outcome: "worked" }), { ...ctx, provider: "r2" });
        assert.equal(v.status, "deviation");
        assert.match(v.detail, /known deviation r2-write-implies-delete.*control: bucket lock rule: .*30 days/);
    });

    it("a deviation whose control was verified: held is a deviation, not held is FAILED", () => {
        const overwrite = { outcome: "refused-or-deviation" as const, deviation: awsCopy.deviations.find((d) => d.capability === "overwrite")! };
        const held = verdict(
            planned("overwrite", overwrite),
            obs({ outcome: "worked", control: { held: true, seen: "the replaced version is still there" } }),
            ctx,
        );
        assert.equal(held.status, "deviation");
        assert.match(held.detail, /control held: the replaced version is still there/);
        const lost = verdict(planned("overwrite", overwrite), obs({ outcome: "worked", control: { held: false, seen: "the replaced version is gone" } }), ctx);
        assert.equal(lost.status, "failed");
        assert.match(
            lost.diagnosis ?? "",
            /write-can-overwrite with the control "versioning: previous versions are kept 14 days", which this bucket does not provide/,
        );
    });

    it("every verdict carries the provider call the probe made", () => {
        assert.equal(
            verdict(planned("write", expectedOutcome(awsCopy, "write")), obs({ outcome: "worked", call: "rclone sync/copy → S3 PutObject" }), ctx).call,
            "rclone sync/copy → S3 PutObject",
        );
    });
});
