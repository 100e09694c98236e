import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { intruderDir, outsideDir, runDir } from "../../cli/postdeploy/paths";

describe("probe locations", () => {
    const run = "postdeploy-20261128T200000-abcdef";
    it("a section's probes live under its own prefix, in a run folder a lifecycle rule can target", () => {
        assert.equal(runDir("db/", run, "staging-db.h1"), `db/postdeploy-runs/${run}/staging-db.h1/`);
        assert.equal(runDir("", run, "staging-all.h1"), `postdeploy-runs/${run}/staging-all.h1/`);
    });
    it("outside and other-environment probes are never a bucket root and never inside the tested prefix", () => {
        const outside = outsideDir(run, "staging-db.h1");
        assert.ok(outside.length > 0 && !outside.startsWith("db/"));
        assert.equal(intruderDir("db/", run, "x y"), `db/postdeploy-runs/${run}/intruder/x-y/`);
    });
});
