/**
 * `postdeploy --from <address>`, the CI side of the split: run where a bound
 * key's addresses do not apply, the test takes db1's keys (bound to
 * 127.0.0.1/32) out of the phases and proves each refused from 127.0.0.2
 * (the run binds there: a loopback alias is one of this machine's
 * addresses), without counting it against the allowed operations; db2's
 * unbound keys are proven as always. With the condition reverted the keys
 * work from there, and the run fails.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseAdminConfig } from "../../cli/postdeploy/admin";
import { loadOutputs } from "../../cli/postdeploy/outputs";
import { renderTable } from "../../cli/postdeploy/report";
import { runPostdeploy } from "../../cli/postdeploy/run";
import { runPlan } from "../../cli/plan/run";
import { ALLOWED, boundStackConfig, ELSEWHERE, withoutSourceIp } from "../support/contract/bound";
import { deployToRgw } from "../support/contract/deploy";
import { AUTH_RETRY_MS, notPassing } from "../support/contract/postdeploy";
import { adminConfigText, skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";

const DB1 = ["staging-db-archive.db1", "staging-files-mirror.db1", "staging-db-check.db1"];
const DB2 = ["staging-db-archive.db2", "staging-files-mirror.db2", "staging-db-check.db2"];

describe("post-deploy from outside a key's addresses (--from) on radosgw", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    before(async () => {
        server = await startRgw();
    });
    after(async () => {
        await server?.stop();
    });

    it("proves each bound key refused from 127.0.0.2 and the unbound keys' checks as always; the run passes", async () => {
        const deployed = await deployToRgw(server, await runPlan("staging", { config: boundStackConfig() }));
        const admin = parseAdminConfig(adminConfigText(server), "admin");
        const report = await runPostdeploy(loadOutputs(deployed.outputs, "bound", "staging"), { admin, from: ELSEWHERE, authRetryMs: AUTH_RETRY_MS });
        assert.deepEqual(
            report.boundElsewhere?.map((b) => [b.section, b.status]),
            DB1.map((s) => [s, "refused"]),
        );
        for (const b of report.boundElsewhere ?? [])
            assert.match(b.detail, /from 127\.0\.0\.2: refused \(access-denied\), as a key bound to 127\.0\.0\.1\/32 must be/);
        assert.deepEqual(report.sections.map((s) => s.section).sort(), [...DB2].sort(), "the bound keys' allowed operations are not counted here");
        assert.deepEqual(notPassing(report), []);
        assert.equal(report.failed, false);
        assert.match(renderTable(report), /Keys bound to their host's addresses, tried from outside them/);
    });

    it("fails when the bound keys work from 127.0.0.2 (the aws:SourceIp condition reverted)", async () => {
        const deployed = await deployToRgw(server, await runPlan("staging", { config: boundStackConfig() }), {
            policy: (section, policy) => (section.endsWith(".db1") ? withoutSourceIp(policy) : policy),
            userSuffix: "-open",
            bucketsExist: true,
            only: (s) => s.endsWith(".db1"),
        });
        const admin = parseAdminConfig(adminConfigText(server), "admin");
        const report = await runPostdeploy(loadOutputs(deployed.outputs, "open", "staging"), { admin, from: ELSEWHERE, authRetryMs: AUTH_RETRY_MS });
        assert.deepEqual(
            report.boundElsewhere?.map((b) => [b.section, b.status]),
            DB1.map((s) => [s, "works"]),
        );
        assert.equal(report.failed, true);
    });

    it("from an address inside the ranges (--from 127.0.0.1) the bound keys are proven by the phases as usual", async () => {
        const deployed = await deployToRgw(server, await runPlan("staging", { config: boundStackConfig() }), {
            userSuffix: "-inside",
            bucketsExist: true,
            only: (s) => s.endsWith(".db1"),
        });
        const admin = parseAdminConfig(adminConfigText(server), "admin");
        const report = await runPostdeploy(loadOutputs(deployed.outputs, "inside", "staging"), { admin, from: ALLOWED, authRetryMs: AUTH_RETRY_MS });
        assert.equal(report.boundElsewhere, undefined);
        assert.deepEqual(report.sections.map((s) => s.section).sort(), [...DB1].sort());
        assert.deepEqual(notPassing(report), []);
    });
});
