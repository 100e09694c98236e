// Builds bin/ (the package's "main") from the TypeScript sources after `npm install`,
// using the TypeScript compiler this package depends on rather than a global `tsc`.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
execFileSync(process.execPath, [tsc], { cwd: root, stdio: "inherit" });
// utilities.getVersion() reads ./package.json next to the compiled bin/utilities.js.
fs.copyFileSync(path.join(root, "package.json"), path.join(root, "bin", "package.json"));
