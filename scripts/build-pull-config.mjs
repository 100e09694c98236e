// pull-config as one self-contained file (dist/pull-config.cjs by default, or the path given): every
// dependency bundled, so a host with Node (>= 20.19) needs nothing else — no clone, no node_modules.
// The licences of the bundled packages are appended to the file as a comment, as their terms ask.
// `--version` prints package.json's version and the commit stamped in here (scripts/build-stamp.mjs).
import { build } from "esbuild";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildStamp, stampDefine } from "./build-stamp.mjs";

const outfile = process.argv[2] ?? "dist/pull-config.cjs";

const stamp = buildStamp({ bundle: true });
const result = await build({
    entryPoints: ["cli/pull-config/main.ts"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile,
    write: false,
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
    define: stampDefine(stamp),
    banner: {
        js:
            `#!/usr/bin/env node\n// backup-remotes pull-config ${stamp.version} (commit ${stamp.commit}), bundled: see \`--help\`. ` +
            "Third-party licences at the end of this file.",
    },
});

/** name@version, licence and licence text of every package the bundle includes. */
function notices(metafile) {
    const roots = new Set();
    for (const input of Object.keys(metafile.inputs)) {
        const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
        if (m) roots.add(m[1]);
    }
    return [...roots]
        .sort()
        .map((root) => {
            const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
            const file = readdirSync(root).find((f) => /^(licen[cs]e|copying)/i.test(f));
            const text = file ? readFileSync(join(root, file), "utf8").trim() : `(no licence file; package.json says ${pkg.license})`;
            return `${pkg.name}@${pkg.version} (${pkg.license})\n\n${text}`;
        })
        .join("\n\n----------------------------------------\n\n");
}

const code = result.outputFiles[0].text;
const footer = `\n/*\nThird-party software bundled in this file:\n\n${notices(result.metafile).replaceAll("*/", "* /")}\n*/\n`;
if (!existsSync(dirname(outfile))) mkdirSync(dirname(outfile), { recursive: true });
writeFileSync(outfile, code + footer);
chmodSync(outfile, 0o755);
console.log(`build-pull-config: wrote ${outfile} (${Math.round((code.length + footer.length) / 1024)} KiB), ${stamp.version}, commit ${stamp.commit}`);
