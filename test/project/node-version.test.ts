/**
 * The supported Node.js is stated once per tool and agrees with itself: the
 * version CI runs (.node-version: scripts/test.sh and the GitHub workflows),
 * package.json's engines, what every dependency accepts (npm ci warns
 * EBADENGINE otherwise), the Node types and the transpile target.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import semver from "semver";
import { parse as parseYaml } from "yaml";

const ROOT = join(__dirname, "..", "..");
const read = (f: string): string => readFileSync(join(ROOT, f), "utf8");

const nodeVersion = read(".node-version").trim();
const pkg = JSON.parse(read("package.json")) as { engines: { node: string }; devDependencies: Record<string, string> };
const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { engines?: { node?: string } | string[] }> };

/** Every locked package's `engines.node`, by its path in node_modules. */
function dependencyEngines(): [string, string][] {
    return Object.entries(lock.packages)
        .filter(([path]) => path !== "")
        .flatMap(([path, p]) => (p.engines && !Array.isArray(p.engines) && p.engines.node ? [[path, p.engines.node] as [string, string]] : []));
}

describe("the supported Node.js", () => {
    it(".node-version is one exact release of an even (LTS) major that package.json's engines accept", () => {
        assert.ok(semver.valid(nodeVersion), `.node-version "${nodeVersion}" is not an exact version`);
        assert.equal(semver.major(nodeVersion) % 2, 0, "odd majors are never LTS");
        assert.ok(semver.satisfies(nodeVersion, pkg.engines.node), `${nodeVersion} is outside engines ${pkg.engines.node}`);
    });

    it("every dependency accepts .node-version, so npm ci prints no EBADENGINE", () => {
        const refusing = dependencyEngines().filter(([, range]) => !semver.satisfies(nodeVersion, range));
        assert.deepEqual(refusing, []);
    });

    it("engines promises no Node.js a dependency refuses", () => {
        const narrower = dependencyEngines().filter(([, range]) => !semver.subset(pkg.engines.node, range));
        assert.deepEqual(narrower, [], `package.json engines "${pkg.engines.node}" allows versions these dependencies refuse`);
    });

    it("@types/node describes the same major", () => {
        assert.equal(semver.major(pkg.devDependencies["@types/node"]!), semver.major(nodeVersion));
    });

    it("the CLIs are transpiled for the oldest Node.js engines accepts", () => {
        const oldest = semver.minVersion(pkg.engines.node)!;
        assert.match(read("scripts/build.mjs"), new RegExp(`target: "node${oldest.major}"`));
    });

    it("every GitHub workflow that sets up Node.js takes the version from .node-version", () => {
        const dir = join(ROOT, ".github", "workflows");
        let setups = 0;
        for (const file of readdirSync(dir).filter((f) => f.endsWith(".yml"))) {
            const wf = parseYaml(readFileSync(join(dir, file), "utf8")) as {
                jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
            };
            for (const step of Object.values(wf.jobs).flatMap((j) => j.steps ?? [])) {
                if (!step.uses?.startsWith("actions/setup-node@")) continue;
                setups++;
                assert.equal(step.with?.["node-version-file"], ".node-version", `${file}: setup-node without node-version-file`);
                assert.equal(step.with?.["node-version"], undefined, `${file}: setup-node pins its own node-version`);
            }
        }
        assert.ok(setups >= 2, "no setup-node step found: did the workflows move?");
    });
});
