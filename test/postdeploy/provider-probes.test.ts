/** Provider facts of the probes live in one module, as data; the runner never switches on a provider name. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PROVIDER_NAMES } from "../../components/outputs";
import { planChecks } from "../../cli/postdeploy/plan";
import { bucketKeepsVersions, PROVIDER_PROBES } from "../../cli/postdeploy/provider-probes";
import { section } from "./fixtures/sections";

const CLI = join(__dirname, "..", "..", "cli", "postdeploy");

function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

describe("provider facts of the probes", () => {
    it("every provider has every fact, and every planned account or bucket check names the call it makes there", () => {
        for (const provider of PROVIDER_NAMES) {
            const facts = PROVIDER_PROBES[provider];
            assert.ok(facts.calls.listBuckets && facts.calls.createBucket && facts.canaryHost, provider);
            for (const role of ["copy", "sync", "verify"] as const) {
                for (const c of planChecks(section(provider, role, "db/"), [])) {
                    if (c.check === "delete-version") assert.ok(facts.calls.deleteVersion, `${provider} ${c.check}`);
                    if (c.check.startsWith("bucket-")) assert.ok(facts.calls.bucketSettings[c.check.slice(7) as "lifecycle"], `${provider} ${c.check}`);
                }
            }
        }
    });

    it("versions: B2 always, R2 never, AWS as the bucket's protections say", () => {
        assert.equal(bucketKeepsVersions({ provider: "b2", protections: [] }), true);
        assert.equal(bucketKeepsVersions({ provider: "r2", protections: ["versioning (noncurrent versions kept 14 days)"] }), false);
        assert.equal(bucketKeepsVersions({ provider: "aws", protections: ["versioning (noncurrent versions kept 14 days)"] }), true);
        assert.equal(bucketKeepsVersions({ provider: "aws", protections: ["versioning off"] }), false);
    });

    it("no provider-name switch outside provider-probes.ts", () => {
        const switching = /(provider|\.provider)\s*===?\s*"(aws|b2|r2)"|case "(aws|b2|r2)"|PROVIDER_PROBES\.(aws|b2|r2)\b/;
        for (const f of files(CLI).filter((x) => x.endsWith(".ts") && !x.endsWith("provider-probes.ts"))) {
            assert.doesNotMatch(readFileSync(f, "utf8"), switching, f);
        }
    });
});
