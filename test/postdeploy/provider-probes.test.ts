/** The probes' provider facts come from the provider profiles, as data. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planChecks } from "../../cli/postdeploy/plan";
import { bucketKeepsVersions, probeFacts } from "../../cli/postdeploy/provider-probes";
import { PROVIDERS } from "../../components/providers/registry";
import { protectionsOf } from "../support/protections";
import { section } from "./fixtures/sections";

describe("provider facts of the probes", () => {
    it("every provider has every fact, and every planned account or bucket check names the call it makes there", () => {
        for (const { name: provider } of PROVIDERS.profiles) {
            const facts = probeFacts(provider);
            assert.ok(facts.calls.listBuckets && facts.calls.createBucket && facts.canaryHost, provider);
            for (const role of ["copy", "sync", "verify"] as const) {
                for (const c of planChecks(section(provider, role, "db/"), [])) {
                    if (c.check === "delete-version") assert.ok(facts.calls.deleteVersion, `${provider} ${c.check}`);
                    if (c.check === "object-acl") assert.ok(facts.calls.objectAcl, `${provider} ${c.check}`);
                    if (c.check.startsWith("bucket-")) assert.ok(facts.calls.bucketSettings[c.check.slice(7) as "lifecycle"], `${provider} ${c.check}`);
                }
            }
        }
    });

    it("a bucket keeps versions exactly when its protections say so (B2 always, R2 never, AWS as configured)", () => {
        for (const profile of PROVIDERS.profiles) {
            const raw = {
                aws: { provider: "aws", bucket: "acme-backup-staging-a", region: "eu-west-1" },
                b2: { provider: "b2", bucket: "acme-backup-staging-b", region: "us-west-004" },
                r2: { provider: "r2", accountId: "3f1c0a9e5b7d42c88e6a1b2c3d4e5f60", bucket: "acme-backup-staging-r" },
            }[profile.name];
            if (!raw) continue;
            const protections = profile.bucketModel(profile.remoteSchema.parse(raw), []).protections;
            assert.equal(bucketKeepsVersions({ protections }), profile.name !== "r2", profile.name);
        }
        const aws = PROVIDERS.get("aws");
        const suspended = aws.bucketModel(
            aws.remoteSchema.parse({ provider: "aws", bucket: "acme-backup-staging-a", region: "eu-west-1", versioning: false }),
            [],
        );
        assert.equal(bucketKeepsVersions(suspended), false);
        assert.equal(bucketKeepsVersions({ protections: protectionsOf({ versioning: true }) }), true);
    });
});
