// Transpile the project's TypeScript to .build/ for the command-line tools.
// Type checking is `npm run typecheck`; this only strips types, so it takes
// milliseconds, and the tools then start in plain node (a TypeScript loader
// hook more than doubles the time node spends loading @pulumi/aws).
import { build } from "esbuild";
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = ["index.ts", "components", "cli", "bench", "policies", "sdks"];
const files = [];
const walk = (p) => {
    let st;
    try { st = statSync(p); } catch { return; }
    if (st.isDirectory()) {
        if (p.endsWith("node_modules")) return;
        for (const f of readdirSync(p)) walk(join(p, f));
    } else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) files.push(p);
};
roots.forEach(walk);
rmSync(".build", { recursive: true, force: true });
// target: the oldest Node.js that package.json's engines accept (.node-version, 24, is what CI runs).
await build({ entryPoints: files, outdir: ".build", outbase: ".", format: "cjs", platform: "node", target: "node22", sourcemap: "inline", logLevel: "warning" });
