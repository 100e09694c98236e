/**
 * Every dependency package.json declares is used: imported by the project's own code or tests, or run by
 * a script. A dependency nothing uses is still installed on every machine and audited in every review.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const REPO = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    scripts: Record<string, string>;
};

/** Used without an import of their own: tools the npm scripts and shell scripts start, and type packages. */
const TOOLS: Readonly<Record<string, string>> = {
    typescript: "tsc (npm run typecheck)",
    tsx: "node --import tsx (npm test)",
    esbuild: "scripts/build.mjs, scripts/build-pull-config.mjs",
    "@biomejs/biome": "biome (npm run lint, npm run format)",
};

function sources(dir: string, out: string[] = []): string[] {
    for (const name of readdirSync(dir)) {
        if (name === "node_modules" || name.startsWith(".tmp") || name === ".build" || name === "dist" || name === ".git") continue;
        const p = join(dir, name);
        if (statSync(p).isDirectory()) sources(p, out);
        else if (/\.(ts|mjs|cjs|js)$/.test(name) && !p.includes(`${join("sdks", "b2")}`)) out.push(p);
    }
    return out;
}

test("every dependency in package.json is imported by the project or run by its scripts", () => {
    const code = sources(REPO)
        .map((f) => readFileSync(f, "utf8"))
        .join("\n");
    const unused = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((dep) => {
        if (TOOLS[dep] !== undefined) return false;
        const module = dep.startsWith("@types/") ? dep.slice("@types/".length).replace("__", "/") : dep;
        const quoted = new RegExp(`["'\`]${module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/[^"'\`]*)?["'\`]`);
        return !quoted.test(code);
    });
    assert.deepEqual(unused, []);
});
