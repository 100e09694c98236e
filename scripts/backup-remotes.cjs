#!/usr/bin/env node
// `backup-remotes <command>` (package.json `bin`: `npx backup-remotes plan --stack staging` in a clone after
// `npm ci`). The commands run from the transpiled files in .build/: this runs the same build step as the npm
// scripts (`node scripts/build.mjs`, at the repository root; its output goes to stderr, so stdout holds only
// the command's), then hands the arguments to cli/main.ts, which loads only the chosen command.
"use strict";
const { spawnSync } = require("node:child_process");
const { join } = require("node:path");

const root = join(__dirname, "..");
const build = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: ["ignore", 2, 2] });
if (build.status !== 0) {
    process.stderr.write(`backup-remotes: the build (node scripts/build.mjs) failed${build.error ? `: ${build.error.message}` : ""}\n`);
    process.exit(1);
}
require(join(root, ".build", "cli", "main.js")).dispatch(process.argv.slice(2));
