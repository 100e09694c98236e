/** Which checks each role gets on each provider, and what they must observe: from the permission model and the provider's facts. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foreignBuckets } from "../../cli/postdeploy/foreign-buckets";
import { planChecks, scopeTargets } from "../../cli/postdeploy/plan";
import { covers, mayDelete, mayObserveVersions } from "../../cli/postdeploy/section-access";
import type { PlannedCheck } from "../../cli/postdeploy/types";
import { section } from "./fixtures/sections";

const outcomes = (checks: PlannedCheck[]) => Object.fromEntries(checks.map((c) => [c.check, c.expectation.outcome]));

describe("planning checks from the permission model", () => {
    it("aws copy on a versioned bucket: the whole attacker's matrix", () => {
        assert.deepEqual(outcomes(planChecks(section("aws", "copy", "db/", { protections: { versioning: true, noncurrentVersionDays: 30 } }), [])), {
            list: "succeeds",
            write: "succeeds",
            rerun: "succeeds",
            read: "refused",
            "read-version": "refused",
            delete: "refused",
            "delete-version": "refused",
            overwrite: "refused-or-deviation",
            "object-acl": "refused",
            "sibling-list": "refused",
            "sibling-read": "refused",
            "sibling-read-version": "refused",
            "sibling-write": "refused",
            "sibling-delete": "refused",
            "sibling-delete-version": "refused",
            "other-prefix-list": "refused",
            "other-prefix-read": "refused",
            "other-prefix-read-version": "refused",
            "other-prefix-write": "refused",
            "other-prefix-delete": "refused",
            "other-prefix-delete-version": "refused",
            "list-buckets": "refused",
            "create-bucket": "refused",
            "bucket-versioning": "refused",
            "bucket-lifecycle": "refused",
            "bucket-policy": "refused",
        });
    });

    it("the copy rerun is for keys that write without reading; overwrite for every key that writes", () => {
        const sync = outcomes(planChecks(section("aws", "sync", "files/"), []));
        assert.equal(sync.rerun, undefined);
        assert.equal(sync.overwrite, "refused-or-deviation");
        assert.deepEqual([sync.list, sync.write, sync.read, sync.delete], ["succeeds", "succeeds", "succeeds", "succeeds"]);
        const verify = outcomes(planChecks(section("aws", "verify", "db/"), []));
        assert.equal(verify.rerun, undefined);
        assert.equal(verify.overwrite, undefined);
        assert.deepEqual([verify.list, verify.read, verify.write, verify.delete], ["succeeds", "succeeds", "refused", "refused"]);
    });

    it("version deletes and the versioning probe only where the bucket keeps versions", () => {
        const unversioned = outcomes(planChecks(section("aws", "sync", "files/", { protections: { versioning: false } }), []));
        assert.equal(unversioned["delete-version"], undefined);
        assert.equal(unversioned["bucket-versioning"], undefined);
        const b2 = outcomes(planChecks(section("b2", "sync", "files/"), []));
        assert.equal(b2["delete-version"], "refused", "every B2 bucket keeps versions");
        const r2 = outcomes(planChecks(section("r2", "sync", "files/", { protections: { versioning: false } }), []));
        assert.equal(r2["delete-version"], undefined, "R2 has no versions");
    });

    it("bucket settings a provider has: AWS versioning, lifecycle and policy; R2 and B2 lifecycle only", () => {
        const settings = (p: ReturnType<typeof section>) =>
            planChecks(p, [])
                .map((c) => c.check)
                .filter((c) => c.startsWith("bucket-"));
        assert.deepEqual(settings(section("aws", "copy", "db/", { protections: { versioning: true, noncurrentVersionDays: 30 } })), [
            "bucket-versioning",
            "bucket-lifecycle",
            "bucket-policy",
        ]);
        assert.deepEqual(settings(section("r2", "copy", "db/", { protections: { versioning: false } })), ["bucket-lifecycle"]);
        assert.deepEqual(settings(section("b2", "copy", "db/")), ["bucket-lifecycle"]);
    });

    it("object ACL writes: refused for every role where the provider declares the call (AWS), absent elsewhere", () => {
        for (const role of ["copy", "sync", "verify"] as const)
            assert.equal(outcomes(planChecks(section("aws", role, "db/"), []))["object-acl"], "refused", role);
        assert.equal(outcomes(planChecks(section("b2", "sync", "db/"), []))["object-acl"], undefined);
        assert.equal(outcomes(planChecks(section("r2", "sync", "db/", { protections: { versioning: false } }), []))["object-acl"], undefined);
    });

    it("a whole-bucket credential gets no sibling or other-prefix checks (there is no outside)", () => {
        const checks = planChecks(section("aws", "verify", ""), []).map((c) => c.check);
        assert.ok(!checks.some((c) => c.startsWith("sibling") || c.startsWith("other-prefix")));
    });

    it("r2 copy: delete and reaching outside the prefix are named deviations, with their controls", () => {
        const checks = planChecks(section("r2", "copy", "db/", { protections: { versioning: false, prefixLockDays: 30 } }), []);
        const del = checks.find((c) => c.check === "delete")!.expectation;
        assert.ok(del.outcome === "refused-or-deviation" && del.deviation.id === "r2-write-implies-delete" && /bucket lock rule/.test(del.deviation.control));
        const sibling = checks.find((c) => c.check === "sibling-write")!.expectation;
        assert.ok(sibling.outcome === "refused-or-deviation" && sibling.deviation.id === "r2-prefix-not-enforced");
    });

    it("b2 copy: a delete that hides the file is the b2-write-can-hide deviation", () => {
        const del = planChecks(section("b2", "copy", "db/"), []).find((c) => c.check === "delete")!.expectation;
        assert.ok(del.outcome === "refused-or-deviation" && del.deviation.id === "b2-write-can-hide");
    });

    it("another environment's buckets are checked only on the same provider, and must refuse", () => {
        const other = [
            { provider: "aws", bucket: "acme-prod-aws", prefix: "" },
            { provider: "r2", bucket: "acme-prod-r2", prefix: "" },
        ];
        const aws = outcomes(planChecks(section("aws", "sync", "files/"), other));
        for (const op of ["list", "read", "write", "delete"]) assert.equal(aws[`other-env-${op}`], "refused", op);
        assert.equal(aws["other-env-read-version"], undefined, "versions only where that bucket is known to keep them");
        const prod = foreignBuckets([section("aws", "copy", "db/", { environment: "prod", protections: { versioning: true } })]);
        assert.equal(outcomes(planChecks(section("aws", "sync", "files/"), prod))["other-env-read-version"], "refused");
        assert.ok(
            !planChecks(section("b2", "sync", "files/"), other)
                .map((c) => c.check)
                .includes("other-env-list"),
        );
    });

    it("other prefixes: every other credential's (never one that contains or lies within the own), once per prefix; else the top level", () => {
        const db = section("aws", "copy", "db/", { credential: "db" });
        const dbDaily = section("aws", "copy", "db/daily/", { credential: "daily" });
        const files = section("aws", "sync", "files/", { credential: "files" });
        const files2 = section("aws", "sync", "files/", { credential: "files", host: "h2" });
        const logs = section("aws", "copy", "logs/", { credential: "logs" });
        const prefixes = (s: typeof db, all: (typeof db)[]) =>
            scopeTargets({ section: s, sections: all, otherEnv: [] })
                .get("other-prefix")!
                .map((t) => t.prefix);
        assert.deepEqual(prefixes(db, [db, dbDaily, files, files2, logs]), ["files/", "logs/"], "per credential, not per host");
        assert.deepEqual(prefixes(db, [db, dbDaily]), [""]);
        assert.deepEqual(prefixes(files, [db, files]), ["db/"]);
    });

    it("other buckets of the environment: every one on the section's provider, once per bucket, every operation refused", () => {
        const archive = section("aws", "copy", "db/", { bucket: "acme-prod-archive", environment: "prod" });
        const main = section("aws", "verify", "", { bucket: "acme-prod-main", environment: "prod" });
        const main2 = section("aws", "sync", "files/", { bucket: "acme-prod-main", environment: "prod", credential: "files" });
        const r2 = section("r2", "sync", "", { environment: "prod" });
        const all = [archive, main, main2, r2];
        assert.deepEqual(
            scopeTargets({ section: archive, sections: all, otherEnv: [] })
                .get("other-bucket")!
                .map((t) => `${t.bucket}/${t.prefix}`),
            ["acme-prod-main/"],
        );
        const planned = outcomes(planChecks(archive, [], all));
        for (const op of ["list", "read", "read-version", "write", "delete", "delete-version"]) assert.equal(planned[`other-bucket-${op}`], "refused", op);
        const verify = outcomes(planChecks(main, [], all));
        assert.equal(verify["other-bucket-read"], "refused", "verify reads its own bucket only");
        assert.equal(verify["other-bucket-delete"], "refused");
        assert.equal(outcomes(planChecks(r2, [], all))["other-bucket-list"], undefined, "no other R2 bucket");
    });

    it("scope: a prefix covers its keys only where the provider enforces prefixes", () => {
        const aws = section("aws", "sync", "files/");
        assert.equal(covers(aws, aws.summary.bucket, "files/x/"), true);
        assert.equal(covers(aws, aws.summary.bucket, "db/x/"), false);
        assert.equal(covers(aws, "other-bucket", "files/x/"), false);
        const r2 = section("r2", "sync", "files/");
        assert.equal(covers(r2, r2.summary.bucket, "db/x/"), true);
    });

    it("who may clean up and who may see versions (effective permissions)", () => {
        assert.equal(mayDelete(section("aws", "copy", "db/")), false);
        assert.equal(mayDelete(section("r2", "copy", "db/")), true);
        assert.equal(mayObserveVersions(section("aws", "copy", "db/")), false, "S3: a HEAD of a version needs read");
        assert.equal(mayObserveVersions(section("aws", "verify", "")), true);
        assert.equal(mayObserveVersions(section("b2", "copy", "db/")), true, "B2: listing versions needs listFiles");
    });
});
