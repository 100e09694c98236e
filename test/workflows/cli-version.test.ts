/**
 * The Pulumi CLI the workflows install is pinned, once: scripts/pulumi-cli-version.mjs
 * prints the exact @pulumi/pulumi version of package.json (the CLI and the Node.js SDK
 * are released together under one version number), which every pulumi/actions step
 * installs (deploy.test.ts checks the wiring). A range would let a preview and a deploy
 * run different engines.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "./load";

const SCRIPT = join(ROOT, "scripts", "pulumi-cli-version.mjs");

function run(script: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [script], { encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the Pulumi CLI version of the workflows", () => {
    it("is the exact @pulumi/pulumi of package.json, the version the lock file installs", () => {
        const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
        const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
        const r = run(SCRIPT);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `version=${pkg.dependencies["@pulumi/pulumi"]}\n`);
        assert.equal(r.stdout, `version=${lock.packages["node_modules/@pulumi/pulumi"]?.version}\n`);
        assert.match(r.stdout, /^version=\d+\.\d+\.\d+\n$/);
    });

    it("refuses a range, naming the key, and prints no version", () => {
        const dir = mkdtempSync(join(tmpdir(), "cli-version-"));
        try {
            mkdirSync(join(dir, "scripts"));
            copyFileSync(SCRIPT, join(dir, "scripts", "pulumi-cli-version.mjs"));
            writeFileSync(join(dir, "package.json"), JSON.stringify({ dependencies: { "@pulumi/pulumi": "^3.276.0" } }));
            const r = run(join(dir, "scripts", "pulumi-cli-version.mjs"));
            assert.equal(r.status, 1);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /dependencies\["@pulumi\/pulumi"\] must be an exact version \(x\.y\.z\).*"\^3\.276\.0"/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
