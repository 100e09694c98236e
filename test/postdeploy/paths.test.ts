import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { intruderDir, runDir, runRoot, siblingPrefix, targetsDir } from "../../cli/postdeploy/paths";
import { POSTDEPLOY_PROBE_DIR, probeExpiryPrefixes } from "../../components/probes";

describe("probe locations", () => {
    const run = "postdeploy-20261128T200000-abcdef";
    it("a section's probes live under its own prefix, in a run folder a lifecycle rule can target", () => {
        assert.equal(runDir("db/", run, "staging-db.h1"), `db/postdeploy-runs/${run}/staging-db.h1/`);
        assert.equal(runDir("", run, "staging-all.h1"), `postdeploy-runs/${run}/staging-all.h1/`);
        assert.equal(targetsDir("db/", run, "staging-all.h1"), `db/postdeploy-runs/${run}/targets/staging-all.h1/`);
        assert.ok(runDir("db/", run, "x").startsWith(runRoot("db/", run)));
    });
    it("a copy section's probes lie under the prefix its bucket's lifecycle rule expires", () => {
        const copyPrefixes = ["db/", "", "db/", "logs/2026/"];
        const expiring = probeExpiryPrefixes(copyPrefixes);
        assert.deepEqual(expiring, ["db/postdeploy-runs/", "logs/2026/postdeploy-runs/", "postdeploy-runs/"]);
        for (const prefix of copyPrefixes) {
            const dir = runDir(prefix, run, "staging-archive.h1");
            assert.ok(expiring.includes(`${prefix}${POSTDEPLOY_PROBE_DIR}`) && dir.startsWith(`${prefix}${POSTDEPLOY_PROBE_DIR}`), dir);
        }
    });
    it("a sibling prefix shares the prefix's letters but not its slash; intruder probes get a folder of their own", () => {
        assert.equal(siblingPrefix("db/"), "db-postdeploy-sibling/");
        assert.equal(siblingPrefix("logs/2026/"), "logs/2026-postdeploy-sibling/");
        assert.ok(siblingPrefix("db/").startsWith("db") && !siblingPrefix("db/").startsWith("db/"));
        assert.equal(intruderDir("files/", run, "x y"), `files/postdeploy-runs/${run}/intruder/x-y/`);
        assert.equal(intruderDir("", run, "s"), `postdeploy-runs/${run}/intruder/s/`);
    });
});
