// Prints `version=<x.y.z>` (for $GITHUB_OUTPUT): the Pulumi CLI version the workflows
// install. It is the exact @pulumi/pulumi pin of package.json, because the CLI and the
// Node.js SDK are released together under one version number: the pin is written once,
// and a bump of the SDK (by hand or by Dependabot) moves the CLI in the same change.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const version = pkg.dependencies?.["@pulumi/pulumi"];
if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    process.stderr.write(
        `package.json: dependencies["@pulumi/pulumi"] must be an exact version (x.y.z), ` +
            `which the Pulumi CLI of the workflows follows; it is ${JSON.stringify(version)}\n`,
    );
    process.exit(1);
}
process.stdout.write(`version=${version}\n`);
