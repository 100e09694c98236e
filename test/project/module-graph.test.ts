/**
 * Only the program and the offline plan load the Pulumi SDKs: every other command's entry module (and the
 * `backup-remotes` entry point, and the pull-config bundle) loads none of them, so it starts in a fraction
 * of the time (docs/benchmarks.md). Each module is required in a child process, from the built files, and
 * require.cache is read there: a Pulumi import reintroduced anywhere below a command fails here, named.
 * Likewise post-deploy's run loads its S3 client, aws-lite, and not the AWS S3 SDK it replaced.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { before, describe, it } from "node:test";
import { PROVIDER_FACTS } from "../../components/providers/registry";
import { DEFAULT_PROFILES } from "../../components/providers/program-registry";

const root = path.join(__dirname, "..", "..");
const BUNDLE = path.join(require("node:os").tmpdir(), `module-graph-${process.pid}.cjs`);
const SDKS = /[\\/]node_modules[\\/](@pulumi[\\/](pulumi|aws|cloudflare|b2)|typescript)[\\/]|[\\/]sdks[\\/]b2[\\/]/;

/** The files below node_modules/<sdk>/ (or the local B2 SDK) that loading `file` loads. */
function sdkFilesLoadedBy(file: string): string[] {
    return modulesLoadedBy(file).filter((f) => SDKS.test(f));
}

function modulesLoadedBy(file: string): string[] {
    const script = `require(${JSON.stringify(file)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" })) as string[];
}

/**
 * What a command needs only once it runs, never for `--help` (its entry module requires them after parsing):
 * the config schema's zod, the YAML reader, age and the providers' facts — the bulk of the start-up CPU.
 */
const RUN_ONLY = /[\\/]node_modules[\\/](zod|yaml|age-encryption)[\\/]|[\\/]components[\\/]providers[\\/]registry\.js$/;

const ENTRIES: readonly (readonly [string, string])[] = [
    // The plan's entry module too: it loads the program (cli/plan/execute.ts) only to run it, not for --help.
    ["plan (entry module, before it runs)", ".build/cli/plan/main.js"],
    ["postdeploy", ".build/cli/postdeploy/main.js"],
    ["pull-config", ".build/cli/pull-config/main.js"],
    ["permissions-diff", ".build/cli/permissions-diff/main.js"],
    ["deployer-policy", ".build/cli/deployer-policy/main.js"],
    ["rotate", ".build/cli/rotate/main.js"],
    ["backup-remotes entry point", ".build/cli/main.js"],
    ["provider facts registry", ".build/components/providers/registry.js"],
];
/** What a post-deploy run loads once its arguments are parsed: the run, and the S3 probes it loads when a section needs them. */
const POSTDEPLOY_RUN = [".build/cli/postdeploy/execute.js", ".build/cli/postdeploy/run.js", ".build/cli/postdeploy/probe-api/s3.js"];
const AWS_SDK_S3 = /[\\/]node_modules[\\/]@aws-sdk[\\/]client-s3[\\/]/;
const AWS_LITE = /[\\/]node_modules[\\/]@aws-lite[\\/]client[\\/]/;

/** Every command's entry module (all of ENTRIES but the registry, which a command loads only to run). */
const LIGHT_HELP = ENTRIES.filter(([, file]) => file.startsWith(".build/cli/"));

describe("commands that do not run the program load no Pulumi SDK", () => {
    before(() => {
        execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root });
        execFileSync(process.execPath, [path.join(root, "scripts/build-pull-config.mjs"), BUNDLE], { cwd: root, stdio: "ignore" });
    });
    for (const [name, file] of ENTRIES) {
        it(`${name} (${file})`, () => {
            assert.deepEqual(sdkFilesLoadedBy(path.join(root, file)).slice(0, 3), [], `${file} loads a Pulumi SDK or typescript`);
        });
    }
    it("the pull-config bundle bundles none", () => {
        const bundle = require("node:fs").readFileSync(BUNDLE, "utf8") as string;
        assert.doesNotMatch(bundle, /node_modules\/(@pulumi\/(pulumi|aws|cloudflare)|typescript)\//);
    });
    it("the plan's entry point does load them (the check sees an SDK when there is one)", () => {
        assert.notDeepEqual(sdkFilesLoadedBy(path.join(root, ".build/cli/plan/execute.js")), []);
    });
    for (const [name, file] of LIGHT_HELP) {
        it(`${name}: no config schema, YAML reader, age or provider facts loaded before the arguments are parsed (--help)`, () => {
            assert.deepEqual(
                modulesLoadedBy(path.join(root, file))
                    .filter((f) => RUN_ONLY.test(f))
                    .slice(0, 3),
                [],
            );
        });
    }
    it("the providers' facts registry does load them (the check sees one when there is one)", () => {
        assert.notDeepEqual(
            modulesLoadedBy(path.join(root, ".build/components/providers/registry.js")).filter((f) => RUN_ONLY.test(f)),
            [],
        );
    });
    for (const file of POSTDEPLOY_RUN) {
        it(`post-deploy's ${file}: its S3 probes over aws-lite, not @aws-sdk/client-s3 (~70 ms to load, twice the CPU per call)`, () => {
            assert.deepEqual(
                modulesLoadedBy(path.join(root, file))
                    .filter((f) => AWS_SDK_S3.test(f))
                    .slice(0, 3),
                [],
            );
        });
    }
    it("post-deploy's S3 probes do load aws-lite (the check sees a client when there is one)", () => {
        assert.ok(modulesLoadedBy(path.join(root, ".build/cli/postdeploy/probe-api/s3.js")).some((f) => AWS_LITE.test(f)));
    });
    it("the program's profiles are the facts' providers, in the same order", () => {
        assert.deepEqual(
            DEFAULT_PROFILES.map((p) => p.name),
            PROVIDER_FACTS.map((p) => p.name),
        );
    });
});
