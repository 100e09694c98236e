import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { intruderDir, outsideDir, runDir } from "../../cli/postdeploy/paths";
import { POSTDEPLOY_PROBE_DIR, probeExpiryPrefixes } from "../../components/probes";

describe("probe locations", () => {
    const run = "postdeploy-20261128T200000-abcdef";
    it("a section's probes live under its own prefix, in a run folder a lifecycle rule can target", () => {
        assert.equal(runDir("db/", run, "staging-db.h1"), `db/postdeploy-runs/${run}/staging-db.h1/`);
        assert.equal(runDir("", run, "staging-all.h1"), `postdeploy-runs/${run}/staging-all.h1/`);
    });
    it("a copy section's probes lie under the prefix its bucket's lifecycle rule expires", () => {
        const copyPrefixes = ["db/", "", "db/", "logs/2026/"];
        const expiring = probeExpiryPrefixes(copyPrefixes);
        assert.deepEqual(expiring, ["db/postdeploy-runs/", "logs/2026/postdeploy-runs/", "postdeploy-runs/"]);
        for (const prefix of copyPrefixes) {
            const dir = runDir(prefix, run, "staging-archive.h1");
            assert.ok(expiring.includes(`${prefix}${POSTDEPLOY_PROBE_DIR}`) && dir.startsWith(`${prefix}${POSTDEPLOY_PROBE_DIR}`), dir);
        }
        assert.deepEqual(probeExpiryPrefixes([]), []);
    });
    it("outside and other-environment probes are never a bucket root and never inside the tested prefix", () => {
        const outside = outsideDir(run, "staging-db.h1");
        assert.ok(outside.length > 0 && !outside.startsWith("db/"));
        assert.equal(intruderDir("db/", run, "x y"), `db/postdeploy-runs/${run}/intruder/x-y/`);
    });
});
