/**
 * The compiler settings the project promises: module resolution as Node.js does it (`nodenext`: what
 * TypeScript 6 keeps, where the old "node" resolution is refused) and isolatedModules (every file can be
 * transpiled on its own, as esbuild and tsx do for the commands and the tests).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

test("tsconfig.json resolves modules as Node.js does and keeps every file transpilable alone", () => {
    const { compilerOptions } = JSON.parse(readFileSync(join(__dirname, "..", "..", "tsconfig.json"), "utf8")) as {
        compilerOptions: { module: string; moduleResolution: string; isolatedModules: boolean; strict: boolean };
    };
    assert.equal(compilerOptions.module, "nodenext");
    assert.equal(compilerOptions.moduleResolution, "nodenext");
    assert.equal(compilerOptions.isolatedModules, true);
    assert.equal(compilerOptions.strict, true);
});
