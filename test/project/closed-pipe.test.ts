/**
 * A reader that goes away (`npm run -s plan -- --help | head -1`) ends every
 * command quietly: exit 0 for --help, nothing on stderr, no `Error: write
 * EPIPE` with a stack trace. Each built command runs with its stdout closed
 * before it writes, and closed after its first line, several times.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as path from "node:path";
import { before, describe, it } from "node:test";

const root = path.resolve(__dirname, "..", "..");
const COMMANDS = ["plan", "postdeploy", "pull-config", "permissions-diff", "deployer-policy", "rotate"];
const RUNS = 3;

/** Run `node .build/cli/<command>/main.js --help`, closing its stdout at once or after the first line. */
function helpWithClosedStdout(command: string, when: "at once" | "after one line"): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(root, ".build/cli", command, "main.js"), "--help"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => {
            stderr += d.toString();
        });
        if (when === "at once") child.stdout.destroy();
        else {
            let seen = "";
            child.stdout.on("data", (d: Buffer) => {
                seen += d.toString();
                if (seen.includes("\n")) child.stdout.destroy();
            });
        }
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stderr }));
    });
}

describe("a closed stdout ends every command quietly", () => {
    before(() => execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root }));
    for (const command of COMMANDS) {
        for (const when of ["at once", "after one line"] as const) {
            it(`${command} --help, stdout closed ${when} (${RUNS} runs): exit 0, nothing on stderr`, async () => {
                for (let i = 0; i < RUNS; i++) {
                    const r = await helpWithClosedStdout(command, when);
                    assert.equal(r.code, 0, `run ${i + 1}: exit ${r.code}\n${r.stderr}`);
                    assert.equal(r.stderr, "", `run ${i + 1}`);
                }
            });
        }
    }
});
