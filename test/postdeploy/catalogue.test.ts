/**
 * The catalogue (cli/postdeploy/checks/) is the only list of checks: one file
 * per check, each in CATALOGUE; no other file of the post-deploy test keys a
 * table by check names (it would drift from the catalogue). How a check of
 * its own runs is its file's `run`: the attack phase lists no check.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ACCOUNT, ATTEMPT_TEXT, CATALOGUE, CHECK_CODES, CHECKS, MATRIX, OPERATIONS, OWN, SCOPES, SINGLE } from "../../cli/postdeploy/checks";

const ROOT = join(__dirname, "..", "..");
const CHECKS_DIR = join(ROOT, "cli", "postdeploy", "checks");
const SUPPORT = new Set(["define.ts", "index.ts", "matrix.ts"]);

function tsFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );
}

test("every check has its own file in the catalogue folder (a scope's file for its matrix checks), and every such file is in the catalogue", () => {
    const files = readdirSync(CHECKS_DIR)
        .filter((f) => f.endsWith(".ts") && !SUPPORT.has(f))
        .map((f) => f.slice(0, -3))
        .sort();
    const matrix = new Set<string>(MATRIX.map((c) => c.name));
    const single = CHECKS.filter((c) => !matrix.has(c));
    assert.deepEqual(files, [...single, ...SCOPES.map((s) => s.name)].sort());
    for (const c of CATALOGUE.filter((x) => !matrix.has(x.name))) {
        const text = readFileSync(join(CHECKS_DIR, `${c.name}.ts`), "utf8");
        assert.match(text, new RegExp(`name: "${c.name}"`), `${c.name}.ts defines the check ${c.name}`);
    }
});

test("the matrix is every scope × every operation, derived: no matrix check is listed by name anywhere", () => {
    assert.equal(MATRIX.length, SCOPES.length * OPERATIONS.length);
    for (const s of SCOPES) for (const o of OPERATIONS) assert.ok(CHECKS.includes(`${s.name}-${o.name}` as (typeof CHECKS)[number]), `${s.name} × ${o.name}`);
    const offenders = tsFiles(join(ROOT, "cli")).filter((f) => MATRIX.some((c) => readFileSync(f, "utf8").includes(`"${c.name}"`)));
    assert.deepEqual(offenders, [], "matrix checks are named through matrixCheck(scope, operation), never as literals");
});

test("codes are two letters and unique; every check has an attempt text", () => {
    const codes = CHECKS.map((c) => CHECK_CODES[c]);
    for (const code of codes) assert.match(code, /^[a-z]{2}$/);
    assert.equal(new Set(codes).size, codes.length);
    for (const c of CHECKS) assert.ok(ATTEMPT_TEXT[c].length > 0);
});

test("no file outside the catalogue declares a check (a check code or a table of checks)", () => {
    const dirs = [join(ROOT, "cli"), join(ROOT, "components")];
    const offenders: string[] = [];
    for (const file of dirs.flatMap(tsFiles)) {
        if (file.startsWith(CHECKS_DIR)) continue;
        const text = readFileSync(file, "utf8");
        // A table keyed by check names, or a check code: `"sibling-list": …` / `code: "sl"`.
        const keyed = CHECKS.filter((c) => c.includes("-") && new RegExp(`"${c}"\\s*:`).test(text));
        if (keyed.length > 0 || /defineCheck\(/.test(text)) offenders.push(`${file.slice(ROOT.length + 1)}: ${keyed.join(", ") || "defineCheck"}`);
    }
    assert.deepEqual(offenders, []);
});

test("every check of its own file says how it runs (run), and the phases run exactly those, in catalogue order", () => {
    for (const c of [...OWN, ...ACCOUNT]) assert.equal(typeof c.run, "function", `${c.name} has a run`);
    assert.deepEqual(
        SINGLE.map((c) => c.name),
        [...OWN, ...ACCOUNT].map((c) => c.name),
    );
});

/** The code of a file without its comments (a comment may name a check in words). */
function codeOf(file: string): string {
    return readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
}

test("phase-attacks.ts names no check: its steps are the catalogue's runs, not a list of its own", () => {
    const file = join(ROOT, "cli", "postdeploy", "phase-attacks.ts");
    const code = codeOf(file);
    // The identifiers the check files export (`export const readVersion = defineCheck(`).
    const exported = readdirSync(CHECKS_DIR)
        .filter((f) => f.endsWith(".ts") && !SUPPORT.has(f))
        .flatMap((f) => [...readFileSync(join(CHECKS_DIR, f), "utf8").matchAll(/export const (\w+) = define(?:Check|Scope)\(/g)].map((m) => m[1]!));
    assert.ok(exported.length >= OWN.length + ACCOUNT.length + SCOPES.length, "every check file's export is found");
    const named = [...CHECKS.filter((c) => code.includes(`"${c}"`)), ...exported.filter((id) => new RegExp(`\\b${id}\\b`).test(code))];
    assert.deepEqual(named, [], "no check name or check object in phase-attacks.ts (a step line per check)");
    // A step calling a probe of its own would need an import: only the catalogue, the matrix and the run's types.
    const imports = [...code.matchAll(/from "([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(imports, ["./checks", "./context", "./probe-scope", "./run-state"]);
});
