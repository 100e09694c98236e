/**
 * Contract: every over-privilege is caught, on the section that has it.
 * Twelve sections of one staging environment on radosgw (role sessions:
 * deny-by-default like AWS), each holding the generated policy plus ONE
 * excess grant; one post-deploy run. Each section must be reported
 * over-privileged exactly on the capability it gained, and on nothing else;
 * no other section may be blamed for it. Rows 1-6 are the table
 * (copy + GetObject, copy + DeleteObject, verify + PutObject, sync +
 * DeleteObjectVersion, copy + ListAllMyBuckets, copy + CreateBucket); the rest
 * cover the other probe classes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadOutputs } from "../../cli/postdeploy/outputs";
import { renderTable } from "../../cli/postdeploy/report";
import { runPostdeploy } from "../../cli/postdeploy/run";
import { PASSING, type PostdeployReport } from "../../cli/postdeploy/types";
import { parseAdminConfig } from "../../cli/postdeploy/admin";
import { adminConfigText, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";
import { deployToRgw, planEnvironment } from "../support/contract/deploy";
import { PROD_CREDENTIALS, WIDE_CREDENTIALS } from "../support/contract/environments";
import { AUTH_RETRY_MS, check, widen } from "../support/contract/postdeploy";

const BUCKET = "arn:aws:s3:::acme-backup-staging-main";
const PROD = "arn:aws:s3:::acme-backup-prod-main";

/** Section → [the excess grant, the checks that must be over-privileged]. */
const WIDENED: Readonly<Record<string, [(policy: string) => string, readonly string[]]>> = {
    "staging-db-archive.db1": [widen.objectAction("s3:GetObject"), ["read"]],
    "staging-db-archive.db2": [widen.objectAction("s3:DeleteObject"), ["delete"]],
    "staging-restore-check.mon1": [widen.statement(["s3:PutObject"], [`${BUCKET}/*`]), ["write"]],
    "staging-files-mirror.files1": [widen.objectAction("s3:DeleteObjectVersion"), ["delete-version"]],
    "staging-db-archive.db3": [widen.statement(["s3:ListAllMyBuckets"], ["*"]), ["list-buckets"]],
    "staging-db-archive.db4": [widen.statement(["s3:CreateBucket"], ["*"]), ["create-bucket"]],
    "staging-db-archive.db5": [widen.prefixWithoutSlash("db/"), ["sibling-list", "sibling-write"]],
    "staging-files-mirror.files2": [
        (p) => widen.statement(["s3:PutObject"], [`${BUCKET}/db/*`])(widen.statement(["s3:ListBucket"], [BUCKET], { "s3:prefix": ["db/", "db/*"] })(p)),
        ["other-prefix-list", "other-prefix-write"],
    ],
    "staging-restore-check.mon3": [widen.statement(["s3:ListBucket", "s3:PutObject"], [PROD, `${PROD}/*`]), ["other-env-list", "other-env-write"]],
    "staging-files-mirror.files3": [widen.statement(["s3:PutBucketVersioning"], [BUCKET]), ["bucket-versioning"]],
    "staging-db-archive.db6": [widen.statement(["s3:PutLifecycleConfiguration"], [BUCKET]), ["bucket-lifecycle"]],
    "staging-restore-check.mon2": [widen.statement(["s3:PutBucketPolicy"], [BUCKET]), ["bucket-policy"]],
};

describe("post-deploy contract: widened keys are caught on their own section", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let report: PostdeployReport;

    before(async () => {
        server = await startRgw();
        const stagingPlan = await planEnvironment("staging", WIDE_CREDENTIALS);
        const prodPlan = await planEnvironment("prod", PROD_CREDENTIALS);
        const staging = await deployToRgw(server, stagingPlan, {
            policy: (section, policy) => (WIDENED[section] ? WIDENED[section][0](policy) : policy),
        });
        const prod = await deployToRgw(server, prodPlan);
        report = await runPostdeploy(loadOutputs(staging.outputs, "staging", "staging"), {
            otherEnv: loadOutputs(prod.outputs, "prod", "prod"),
            admin: parseAdminConfig(adminConfigText(server), "admin"),
            authRetryMs: AUTH_RETRY_MS,
        });
    });

    after(async () => {
        await server?.stop();
    });

    it("every section carries one excess grant", () => {
        assert.equal(report.sections.length, 12);
        assert.deepEqual(Object.keys(WIDENED).sort(), report.sections.map((s) => s.section).sort());
    });

    for (const [section, [, expected]] of Object.entries(WIDENED)) {
        it(`${section}: over-privileged on ${expected.join(", ")} and nothing else`, () => {
            const s = report.sections.find((x) => x.section === section)!;
            const over = s.checks
                .filter((c) => c.status === "over-privileged")
                .map((c) => c.check)
                .sort();
            assert.deepEqual(over, [...expected].sort(), renderTable(report));
            const others = s.checks.filter((c) => !expected.includes(c.check) && !PASSING.includes(c.status));
            assert.deepEqual(
                others.map((c) => `${c.check}: ${c.status} ${c.detail}`),
                [],
                "every other check passes",
            );
            for (const c of s.checks.filter((x) => expected.includes(x.check))) {
                assert.equal(c.outcome, "worked");
                assert.match(c.diagnosis ?? "", /over-privileged: the (copy|sync|verify) credential can /);
                assert.ok(c.call.length > 0, "the report names the provider call");
            }
        });
    }

    it("the run fails, and names the provider call of each account-level probe", () => {
        assert.equal(report.failed, true);
        assert.match(check(report, "staging-db-archive.db3", "list-buckets").call, /S3 ListBuckets \(s3:ListAllMyBuckets\)/);
        assert.match(check(report, "staging-files-mirror.files1", "delete-version").call, /S3 DeleteObject \?versionId \(s3:DeleteObjectVersion\)/);
    });
});
