/**
 * pull-config reads what the real program exports: the `hosts` output of the
 * staging stack, produced by the program under Pulumi mocks (the offline
 * plan), merged into a file the real rclone then reads back unchanged.
 */
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runPlan } from "../../cli/plan/run";
import type { HostsOutput } from "../../components/outputs";
import { REPO, rcloneDump, runCli, tempDir } from "./helpers";

test("the staging stack's hosts output, pulled for each host, is what rclone reads", async (t) => {
    const plan = await runPlan("staging", { projectDir: REPO });
    assert.equal(plan.outputs.hosts.secret, true, "hosts is a secret output");
    const hosts = plan.outputs.hosts.value as HostsOutput;
    assert.ok(Object.keys(hosts).length > 1, "the example stack has several hosts");

    const dir = tempDir(t);
    const outputs = join(dir, "outputs.json");
    writeFileSync(outputs, JSON.stringify({ hosts, remotes: plan.outputs.remotes.value, permissions: plan.outputs.permissions.value }), { mode: 0o600 });
    for (const [host, config] of Object.entries(hosts)) {
        const conf = join(dir, `${host}.conf`);
        const run = await runCli(["--stack", "staging", "--host", host, "--outputs", outputs, "--out", conf]);
        assert.equal(run.code, 0, run.stderr);
        const expected = Object.fromEntries(config.sections.map((s) => [s.name, { ...s.options }]));
        assert.deepEqual(await rcloneDump(conf), expected, `rclone reads ${host}'s file as the stack defines it`);
        for (const name of Object.keys(expected)) assert.match(name, /^staging-/);
    }
});
