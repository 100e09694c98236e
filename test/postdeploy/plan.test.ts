/** Which checks each role gets on each provider, and what they must observe: all from the permission model. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { covers, mayDelete, planChecks } from "../../cli/postdeploy/plan";
import type { PlannedCheck } from "../../cli/postdeploy/types";
import { section } from "./fixtures/sections";

const outcomes = (checks: PlannedCheck[]) => Object.fromEntries(checks.map((c) => [c.check, c.expectation.outcome]));

describe("planning checks from the permission model", () => {
    it("aws copy: list and write work; read, delete and reaching outside are refused", () => {
        assert.deepEqual(outcomes(planChecks(section("aws", "copy", "db/"), [])), {
            "list": "succeeds", "mkdir": "succeeds", "write": "succeeds", "read": "refused", "delete": "refused", "rmdir": "succeeds",
            "outside-list": "refused", "outside-write": "refused",
        });
    });

    it("aws sync: everything within the prefix works", () => {
        const o = outcomes(planChecks(section("aws", "sync", "files/"), []));
        assert.deepEqual([o.list, o.write, o.read, o.delete], ["succeeds", "succeeds", "succeeds", "succeeds"]);
        assert.equal(o["outside-write"], "refused");
    });

    it("aws verify: write and delete are refused", () => {
        const o = outcomes(planChecks(section("aws", "verify", "db/"), []));
        assert.deepEqual([o.list, o.read, o.write, o.delete], ["succeeds", "succeeds", "refused", "refused"]);
    });

    it("a whole-bucket credential gets no outside-prefix checks (there is no outside)", () => {
        const checks = planChecks(section("aws", "verify", ""), []).map((c) => c.check);
        assert.ok(!checks.includes("outside-list") && !checks.includes("outside-write"));
    });

    it("r2 copy: a delete that works is the named deviation with its control, not over-privilege", () => {
        const checks = planChecks(section("r2", "copy", "db/", { protections: { versioning: false, prefixLockDays: 30 } }), []);
        const del = checks.find((c) => c.check === "delete")!.expectation;
        assert.equal(del.outcome, "refused-or-deviation");
        assert.ok(del.outcome === "refused-or-deviation" && del.deviation.id === "r2-write-implies-delete");
        assert.ok(del.outcome === "refused-or-deviation" && /bucket lock rule/.test(del.deviation.control));
        const outside = checks.find((c) => c.check === "outside-write")!.expectation;
        assert.ok(outside.outcome === "refused-or-deviation" && outside.deviation.id === "r2-prefix-not-enforced");
    });

    it("b2 copy: a delete that hides the file is the b2-write-can-hide deviation", () => {
        const del = planChecks(section("b2", "copy", "db/"), []).find((c) => c.check === "delete")!.expectation;
        assert.ok(del.outcome === "refused-or-deviation" && del.deviation.id === "b2-write-can-hide");
    });

    it("another environment's buckets are checked only on the same provider, and must refuse", () => {
        const other = [{ provider: "aws", bucket: "acme-prod-aws", prefix: "" }, { provider: "r2", bucket: "acme-prod-r2", prefix: "" }];
        const aws = outcomes(planChecks(section("aws", "sync", "files/"), other));
        assert.equal(aws["other-env-list"], "refused");
        assert.equal(aws["other-env-write"], "refused");
        const b2 = planChecks(section("b2", "sync", "files/"), other).map((c) => c.check);
        assert.ok(!b2.includes("other-env-list"));
    });

    it("scope: a prefix covers its keys only where the provider enforces prefixes", () => {
        const aws = section("aws", "sync", "files/");
        assert.equal(covers(aws, aws.summary.bucket, "files/x/"), true);
        assert.equal(covers(aws, aws.summary.bucket, "db/x/"), false);
        assert.equal(covers(aws, "other-bucket", "files/x/"), false);
        const r2 = section("r2", "sync", "files/");
        assert.equal(covers(r2, r2.summary.bucket, "db/x/"), true);
    });

    it("cleanup may use sections whose effective permissions delete (r2 copy yes, aws copy no)", () => {
        assert.equal(mayDelete(section("aws", "copy", "db/")), false);
        assert.equal(mayDelete(section("r2", "copy", "db/")), true);
        assert.equal(mayDelete(section("aws", "sync", "files/")), true);
    });
});
