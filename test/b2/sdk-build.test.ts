/**
 * sdks/b2/bin is committed so `@pulumi/b2` imports without a build step (npm
 * does not run the package's postinstall build here, and tsx cannot run the
 * generated index.ts: its lazy exports come out null under esbuild). This test
 * keeps the committed build honest: compiling the committed sources with the
 * SDK's own tsconfig must give exactly the committed bin/.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const SDK = join(__dirname, "..", "..", "sdks", "b2");

function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const p = join(dir, name);
        return statSync(p).isDirectory() ? files(p) : [p];
    });
}

describe("sdks/b2/bin", () => {
    it("is the compiled form of the committed TypeScript sources", () => {
        // A sibling of bin/ so the relative paths inside the source maps come out the same.
        const out = mkdtempSync(join(SDK, ".bin-check-"));
        try {
            // The compiler the package itself builds with (scripts/postinstall.js resolves it the same way).
            const tsc = require.resolve("typescript/bin/tsc", { paths: [SDK] });
            execFileSync(process.execPath, [tsc, "-p", SDK, "--outDir", out], { stdio: "pipe" });
            const built = files(out)
                .map((f) => relative(out, f))
                .sort();
            const committed = files(join(SDK, "bin"))
                .map((f) => relative(join(SDK, "bin"), f))
                .filter((f) => f !== "package.json")
                .sort();
            assert.deepEqual(committed, built, "bin/ has files the sources do not produce, or lacks some; rebuild with `node sdks/b2/scripts/postinstall.js`");
            for (const f of built) {
                assert.equal(
                    readFileSync(join(SDK, "bin", f), "utf8"),
                    readFileSync(join(out, f), "utf8"),
                    `bin/${f} is stale; rebuild with \`node sdks/b2/scripts/postinstall.js\``,
                );
            }
        } finally {
            rmSync(out, { recursive: true, force: true });
        }
    });

    it("carries the package.json that utilities.getVersion() reads next to the compiled code", () => {
        assert.equal(readFileSync(join(SDK, "bin", "package.json"), "utf8"), readFileSync(join(SDK, "package.json"), "utf8"));
    });
});
