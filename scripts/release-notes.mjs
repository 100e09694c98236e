// The release workflow's gate and notes: `node scripts/release-notes.mjs <tag> [dir]` exits 1 unless the
// tag is `v` + package.json's version and CHANGELOG.md has a `## <version>` section with something in it,
// and prints that section (the release's notes; docs/releasing.md). `dir` is the checkout (default: the
// current directory).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [tag, dir = "."] = process.argv.slice(2);
const fail = (message) => {
    process.stderr.write(`release-notes: ${message}\n`);
    process.exit(1);
};

const version = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
if (tag !== `v${version}`) {
    fail(
        `the tag ${JSON.stringify(tag ?? "")} is not package.json's version: expected v${version} ` +
            "(release a version by changing package.json's version and CHANGELOG.md, then tagging that commit)",
    );
}
const lines = readFileSync(join(dir, "CHANGELOG.md"), "utf8").split("\n");
// `## 0.2.0`, `## [0.2.0]`, `## 0.2.0 (2026-07-01)`.
const heading = new RegExp(`^## \\[?${version.replaceAll(".", "\\.")}\\]?(\\s|$)`);
const start = lines.findIndex((l) => heading.test(l));
if (start < 0) fail(`CHANGELOG.md has no "## ${version}" section: move the "Unreleased" entries under it`);
const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
const notes = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trim();
if (notes === "") fail(`CHANGELOG.md's "## ${version}" section is empty`);
process.stdout.write(`${notes}\n`);
