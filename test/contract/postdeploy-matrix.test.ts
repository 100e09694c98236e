/**
 * Contract: the scopes × operations matrix catches keys widened outside the
 * section's own scope, on the section that has the excess, and passes
 * correct keys. Two environments on radosgw (role sessions: only the policy
 * decides), each credential on one correct and one widened host; one
 * post-deploy run per environment, the other as --other-env-outputs. The
 * four widened keys are issue 19's table: a copy key that reads noncurrent
 * versions of its own prefix, a sync key that deletes under another
 * credential's prefix, a prod copy key on the archive bucket that lists and
 * deletes in the environment's other bucket, a prod verify key that reads it;
 * and a sync key that deletes versions under another credential's prefix.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseAdminConfig } from "../../cli/postdeploy/admin";
import { loadOutputs } from "../../cli/postdeploy/outputs";
import { renderTable } from "../../cli/postdeploy/report";
import { runPostdeploy } from "../../cli/postdeploy/run";
import { PASSING, type PostdeployReport } from "../../cli/postdeploy/types";
import { adminConfigText, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";
import { deployToRgw, planEnvironment } from "../support/contract/deploy";
import { MATRIX_PROD, MATRIX_STAGING } from "../support/contract/environments";
import { AUTH_RETRY_MS, widen } from "../support/contract/postdeploy";

const STAGING = "arn:aws:s3:::acme-backup-staging-main";
const PROD_MAIN = "arn:aws:s3:::acme-backup-prod-main";
const PROD_ARCHIVE = "arn:aws:s3:::acme-backup-prod-archive";

type Widening = readonly [(policy: string) => string, readonly string[]];

/** Section → [its one excess grant, the checks that must be over-privileged]; every other section is correct. */
const STAGING_WIDENED: Readonly<Record<string, Widening>> = {
    "staging-db-archive.db2": [widen.objectAction("s3:GetObjectVersion"), ["read-version"]],
    "staging-files-mirror.files2": [widen.statement(["s3:DeleteObject"], [`${STAGING}/db/*`]), ["other-prefix-delete"]],
    // Its deletes are first aimed at a key nobody wrote (probe-unwritten.ts); allowed there, they must go on to a written target.
    "staging-files-mirror.files3": [widen.statement(["s3:DeleteObjectVersion"], [`${STAGING}/db/*`]), ["other-prefix-delete-version"]],
    // The object-ACL check (checks/object-acl.ts): PutObjectAcl without the bucket-owner-full-control condition.
    "staging-db-archive.db3": [widen.statement(["s3:PutObjectAcl"], [`${STAGING}/db/*`]), ["object-acl"]],
};
const PROD_WIDENED: Readonly<Record<string, Widening>> = {
    "prod-db-archive.db2": [widen.statement(["s3:ListBucket", "s3:DeleteObject"], [PROD_MAIN, `${PROD_MAIN}/*`]), ["other-bucket-list", "other-bucket-delete"]],
    "prod-restore-check.mon2": [widen.statement(["s3:GetObject"], [`${PROD_ARCHIVE}/*`]), ["other-bucket-read"]],
};

function overPrivileged(report: PostdeployReport, section: string): string[] {
    const s = report.sections.find((x) => x.section === section);
    assert.ok(s, `no section ${section}`);
    return s.checks
        .filter((c) => c.status === "over-privileged")
        .map((c) => c.check)
        .sort();
}

function failing(report: PostdeployReport, section: string, except: readonly string[]): string[] {
    const s = report.sections.find((x) => x.section === section)!;
    return s.checks.filter((c) => !except.includes(c.check) && !PASSING.includes(c.status)).map((c) => `${c.check}: ${c.status} ${c.detail} ${c.error ?? ""}`);
}

describe("post-deploy contract: every scope × every operation, on the right section", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let staging: PostdeployReport;
    let prod: PostdeployReport;

    before(async () => {
        server = await startRgw();
        const widened = (table: Readonly<Record<string, Widening>>) => (section: string, policy: string) =>
            table[section] ? table[section][0](policy) : policy;
        const stagingEnv = await deployToRgw(server, await planEnvironment("staging", MATRIX_STAGING), { policy: widened(STAGING_WIDENED) });
        const prodEnv = await deployToRgw(server, await planEnvironment("prod", MATRIX_PROD), { policy: widened(PROD_WIDENED) });
        const stagingOutputs = loadOutputs(stagingEnv.outputs, "staging", "staging");
        const prodOutputs = loadOutputs(prodEnv.outputs, "prod", "prod");
        const admin = parseAdminConfig(adminConfigText(server), "admin");
        staging = await runPostdeploy(stagingOutputs, { otherEnv: prodOutputs, admin, authRetryMs: AUTH_RETRY_MS });
        prod = await runPostdeploy(prodOutputs, { otherEnv: stagingOutputs, admin, authRetryMs: AUTH_RETRY_MS });
    });

    after(async () => {
        await server?.stop();
    });

    for (const [env, table] of [
        ["staging", STAGING_WIDENED],
        ["prod", PROD_WIDENED],
    ] as const) {
        for (const [section, [, expected]] of Object.entries(table)) {
            it(`${section}: over-privileged on ${expected.join(", ")}, nothing else`, () => {
                const report = env === "staging" ? staging : prod;
                assert.deepEqual(overPrivileged(report, section), [...expected].sort(), renderTable(report));
                assert.deepEqual(failing(report, section, expected), [], "every other check passes");
                const s = report.sections.find((x) => x.section === section)!;
                for (const c of s.checks.filter((x) => expected.includes(x.check))) {
                    assert.equal(c.outcome, "worked");
                    assert.match(c.diagnosis ?? "", /over-privileged: the (copy|sync|verify) credential can /);
                }
            });
        }
        it(`${env}: every correct key passes every check (no verdict lands on another section)`, () => {
            const report = env === "staging" ? staging : prod;
            for (const s of report.sections.filter((x) => !table[x.section])) {
                assert.deepEqual(failing(report, s.section, []), [], `${s.section}\n${renderTable(report)}`);
            }
        });
    }

    it("the matrix covers each scope a key does not own with every operation", () => {
        const checksOf = (report: PostdeployReport, section: string): string[] =>
            report.sections.find((x) => x.section === section)!.checks.map((c) => c.check);
        const archive = checksOf(prod, "prod-db-archive.db1");
        for (const op of ["list", "read", "read-version", "write", "delete", "delete-version"]) {
            assert.ok(archive.includes(`other-bucket-${op}`), `other-bucket-${op}`);
            assert.ok(archive.includes(`other-env-${op}`), `other-env-${op}`);
            assert.ok(archive.includes(`sibling-${op}`), `sibling-${op}`);
        }
        const files = checksOf(staging, "staging-files-mirror.files1");
        assert.ok(files.includes("other-prefix-delete") && files.includes("other-prefix-read-version"));
    });
});
