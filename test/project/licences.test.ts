/**
 * The licence allow-list, enforced over the lock file: every package npm
 * installs (dependencies and devDependencies, direct or transitive) is under
 * a permissive licence. A new dependency under anything else (GPL, AGPL,
 * BlueOak, "SEE LICENSE", none) fails here until someone reads its terms and
 * either drops it or adds it below with the reason.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const REPO = join(__dirname, "..", "..");

/** SPDX identifiers the project accepts for anything it installs or ships. */
export const ALLOWED_LICENCES: ReadonlySet<string> = new Set(["MIT", "Apache-2.0", "ISC", "BSD-2-Clause", "BSD-3-Clause", "0BSD"]);

/**
 * Packages whose lock-file licence field is not on the list, each read by hand.
 * Keyed by name@version: a new version is read again.
 */
const READ_BY_HAND: Readonly<Record<string, string>> = {
    "@logdna/tail-file@2.2.0": "package.json says 'SEE LICENSE IN LICENSE'; the LICENSE file is the MIT licence (a @pulumi/pulumi dependency)",
    "argparse@2.0.1": "Python-2.0 (the PSF licence): permissive, OSI-approved, no copyleft (js-yaml's dependency, under @pulumi/pulumi)",
    "google-protobuf@3.21.4": "BSD-3-Clause AND Apache-2.0: both on the list",
    "spdx-exceptions@2.5.0": "CC-BY-3.0 data (the list of SPDX exception ids), no code; attribution only",
    "spdx-license-ids@3.0.24": "CC0-1.0 data (the list of SPDX licence ids): public domain dedication",
};

/** An SPDX licence, or a choice of them (`MIT OR Apache-2.0`): allowed when we may take one on the list. */
export function allowedLicence(expression: string): boolean {
    const alternatives = expression.replace(/^\((.*)\)$/, "$1").split(" OR ");
    return alternatives.some((id) => ALLOWED_LICENCES.has(id));
}

interface LockPackage {
    readonly version?: string;
    readonly license?: string;
    readonly link?: boolean;
}

function lockPackages(): [string, LockPackage][] {
    const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, LockPackage> };
    return Object.entries(lock.packages).filter(([path]) => path !== "");
}

/** The package name from its lock-file path (`node_modules/a/node_modules/@s/b` → `@s/b`). */
function nameOf(path: string): string {
    return path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
}

test("every package in package-lock.json is under an allowed licence, or was read by hand", () => {
    const problems: string[] = [];
    for (const [path, pkg] of lockPackages()) {
        if (pkg.link || !path.includes("node_modules/")) continue; // the project's own local packages (sdks/b2)
        const id = `${nameOf(path)}@${pkg.version ?? "?"}`;
        if (pkg.license !== undefined && allowedLicence(pkg.license)) continue;
        if (READ_BY_HAND[id] !== undefined) continue;
        problems.push(`${id}: licence ${JSON.stringify(pkg.license ?? null)} is not on the allow-list (${[...ALLOWED_LICENCES].join(", ")})`);
    }
    assert.deepEqual(problems, []);
});

test("a choice of licences is allowed when one of them is on the list; a combination is read by hand", () => {
    assert.ok(allowedLicence("MIT OR Apache-2.0") && allowedLicence("(GPL-3.0-only OR MIT)"));
    assert.ok(!allowedLicence("GPL-3.0-only OR AGPL-3.0-only") && !allowedLicence("BSD-3-Clause AND Apache-2.0"));
});

test("every package read by hand is still in the lock file (a stale exception is removed)", () => {
    const present = new Set(lockPackages().map(([path, pkg]) => `${nameOf(path)}@${pkg.version ?? "?"}`));
    assert.deepEqual(
        Object.keys(READ_BY_HAND).filter((id) => !present.has(id)),
        [],
    );
});

test("the project's own licence is on the list, and LICENSE holds its text", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { license: string };
    assert.ok(ALLOWED_LICENCES.has(pkg.license));
    assert.match(readFileSync(join(REPO, "LICENSE"), "utf8"), /Apache License\s+Version 2\.0, January 2004/);
});
