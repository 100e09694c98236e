/**
 * The program as the Pulumi CLI loads it: `pulumi up` starts
 * `@pulumi/pulumi/cmd/run`, which type-checks and compiles the project's
 * TypeScript with ts-node under the root tsconfig.json and the runner's own
 * defaults, then requires the entry point. The offline plan and the tests run
 * through tsx/esbuild, which checks nothing: a tsconfig the CLI cannot compile
 * with (say allowJs, which makes ts-node check sdks/b2/bin's JavaScript) would
 * pass everything else here and fail the first real deploy.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";

const root = path.resolve(__dirname, "..", "..");

test("the program compiles and loads the way the Pulumi CLI's runner compiles and loads it", { timeout: 300_000 }, async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [path.join(__dirname, "fixtures", "load-like-pulumi.cjs")], { cwd: root, maxBuffer: 16 << 20 }, (err, out, errOut) =>
            resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout: out, stderr: errOut }),
        );
    });
    assert.equal(code, 0, stderr);
    assert.equal(stdout, "loaded\n");
});
