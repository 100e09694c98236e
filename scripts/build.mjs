// Transpile the project's TypeScript to .build/ for the command-line tools.
// Type checking is `npm run typecheck`; this only strips types, so it takes
// milliseconds, and the tools then start in plain node (a TypeScript loader
// hook more than doubles the time node spends loading @pulumi/aws).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildStamp, stampDefine } from "./build-stamp.mjs";

const roots = ["index.ts", "components", "cli", "bench", "policies", "sdks"];
const files = [];
const walk = (p) => {
    let st;
    try {
        st = statSync(p);
    } catch {
        return;
    }
    if (st.isDirectory()) {
        if (p.endsWith("node_modules")) return;
        for (const f of readdirSync(p)) walk(join(p, f));
    } else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) files.push(p);
};
roots.forEach(walk);

// Freshness: the npm scripts run this before every command, so it builds only when a source (path, size,
// mtime), package.json, these scripts or the stamped commit (`--version`) changed since the last build,
// recorded in .build/.sources.json. The check costs a directory walk and two git calls (docs/commands.md).
const STAMP = join(".build", ".sources.json");
const stamp = buildStamp({ bundle: false });
const sourcesKey = createHash("sha256")
    .update(
        JSON.stringify([
            stamp,
            ...[...files, "package.json", "scripts/build.mjs", "scripts/build-stamp.mjs"].map((f) => {
                const st = statSync(f);
                return [f, st.size, st.mtimeMs];
            }),
        ]),
    )
    .digest("hex");
const built = (() => {
    try {
        return JSON.parse(readFileSync(STAMP, "utf8")).sources;
    } catch {
        return undefined;
    }
})();
if (built === sourcesKey && !process.argv.includes("--force")) process.exit(0);
const { build } = await import("esbuild");
// target: the oldest Node.js that package.json's engines accept (.node-version, 24, is what CI runs).
const result = await build({
    entryPoints: files,
    outdir: ".build",
    outbase: ".",
    format: "cjs",
    platform: "node",
    target: "node22",
    sourcemap: "inline",
    logLevel: "warning",
    write: false,
    // `--version` of the built commands: package.json's version and the commit built from (build-stamp.mjs).
    define: stampDefine(stamp),
});
// Several commands (and test files running side by side) build at once: each file is renamed into
// place whole, so a command never loads a half-written or deleted file. Nothing is removed first.
for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
}
// Last, once every file is in place: a build interrupted before this runs again next time.
const temp = `${STAMP}.${process.pid}.tmp`;
writeFileSync(temp, JSON.stringify({ sources: sourcesKey }) + "\n");
renameSync(temp, STAMP);
