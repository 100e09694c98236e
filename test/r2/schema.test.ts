/** The R2 part of the config schema: every problem named with its key and what is valid. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvironmentConfig } from "../../components/config/schema";
import { r2RemoteSchema } from "../../components/providers/r2/schema";
import { cred, r2Remote } from "./fixtures";

/** Every stack but prod opts into the test tier, as the staging example does. */
function parse(stack: string, remotes: Record<string, unknown>, credentials: Record<string, unknown> = {}) {
    return parseEnvironmentConfig(stack, { environment: stack, ...(stack === "prod" ? {} : { tier: "test" }), remotes, credentials });
}

function errorsOf(result: ReturnType<typeof parse>): string[] {
    assert.equal(result.ok, false, "expected the config to be refused");
    return result.ok ? [] : result.errors;
}

const OPT_OUT = "(an environment that is torn down and rebuilt, like staging, opts out with backup-remotes:tier: test)";

describe("R2 remote config", () => {
    it("accepts a remote with defaults: default jurisdiction, multipart uploads aborted after 7 days", () => {
        const r = parse("staging", { offsite: r2Remote("acme-staging-offsite") });
        assert.ok(r.ok, r.ok ? "" : r.errors.join("\n"));
        assert.equal(r.spec.remotes[0]!.config.provider, "r2");
        const remote = r2RemoteSchema.parse(r.spec.remotes[0]!.config);
        assert.equal(remote.jurisdiction, undefined);
        assert.deepEqual(remote.lifecycle, { abortIncompleteMultipartUploadDays: 7 });
        assert.deepEqual(remote.tokens, {});
    });

    it("names each bad key and what would be valid, all at once", () => {
        const errors = errorsOf(
            parse("staging", {
                offsite: r2Remote("acme-staging-offsite", {
                    accountId: "not-an-account",
                    jurisdiction: "us-east",
                    locationHint: "mars",
                    lifecycle: { abortIncompleteMultipartUploadDays: 7, expirationDays: 30, infrequentAccessAfterDays: 60 },
                    tokens: { allowedIps: ["10.0.0.1", "2001:db8::/129"], expiresOn: "2020-01-01T00:00:00Z" },
                }),
            }),
        );
        const expect = [
            /remotes\.offsite\.accountId: accountId must be the Cloudflare account ID/,
            /remotes\.offsite\.jurisdiction: jurisdiction must be one of eu, fedramp/,
            /remotes\.offsite\.locationHint: locationHint must be one of apac, eeur, enam, weur, wnam, oc/,
            /remotes\.offsite\.lifecycle: lifecycle\.infrequentAccessAfterDays must be smaller than lifecycle\.expirationDays/,
            /remotes\.offsite\.tokens\.allowedIps\[0\]: each tokens\.allowedIps entry must be an IPv4 or IPv6 CIDR/,
            /remotes\.offsite\.tokens\.allowedIps\[1\]: each tokens\.allowedIps entry must be an IPv4 or IPv6 CIDR/,
            /remotes\.offsite\.tokens\.expiresOn: tokens\.expiresOn is in the past/,
        ];
        for (const re of expect)
            assert.ok(
                errors.some((e) => re.test(e)),
                `missing ${re}\nin:\n${errors.join("\n")}`,
            );
    });

    it("refuses versioning settings: R2 has no object versions", () => {
        const errors = errorsOf(
            parse("staging", {
                offsite: r2Remote("acme-staging-offsite", { lifecycle: { noncurrentVersionExpirationDays: 30 } }),
            }),
        );
        assert.ok(
            errors.some((e) =>
                /lifecycle: unknown key "noncurrentVersionExpirationDays" \(valid keys: abortIncompleteMultipartUploadDays, expirationDays, infrequentAccessAfterDays\)/.test(
                    e,
                ),
            ),
            errors.join("\n"),
        );
    });

    it("requires lockDays in a production environment for a remote a copy credential writes to, naming the credential", () => {
        const errors = errorsOf(
            parse(
                "prod",
                { offsite: r2Remote("acme-prod-offsite") },
                {
                    archive: cred("copy", "offsite", "db/", ["db1"]),
                },
            ),
        );
        assert.deepEqual(errors, [
            'backup-remotes:remotes.offsite.lockDays: is required in a production environment: copy credential "archive" can delete and overwrite ' +
                `on R2, and only a bucket lock rule (lockDays, e.g. 90) protects what they archive ${OPT_OUT}`,
        ]);
        // In the test tier, or with only verify credentials, it stays optional.
        assert.ok(parse("staging", { offsite: r2Remote("acme-staging-offsite") }, { archive: cred("copy", "offsite", "db/", ["db1"]) }).ok);
        assert.ok(parse("prod", { offsite: r2Remote("acme-prod-offsite") }, { check: cred("verify", "offsite", "", ["m1"]) }).ok);
        assert.ok(parse("prod", { offsite: r2Remote("acme-prod-offsite", { lockDays: 90 }) }, { archive: cred("copy", "offsite", "db/", ["db1"]) }).ok);
    });

    it("refuses a lock longer than the expiry that must delete what it locks", () => {
        const remote = r2Remote("acme-prod-offsite", { lockDays: 90, lifecycle: { expirationDays: 30 } });
        assert.deepEqual(errorsOf(parse("prod", { offsite: remote }, { archive: cred("copy", "offsite", "db/", ["db1"]) })), [
            "backup-remotes:remotes.offsite.lockDays: (90) is longer than lifecycle.expirationDays (30): the lifecycle would have to delete " +
                "objects that are still locked under the copy prefixes; set lockDays to at most 30, or expirationDays to at least 90",
        ]);
        const fine = r2Remote("acme-prod-offsite", { lockDays: 30, lifecycle: { expirationDays: 30 } });
        assert.ok(parse("prod", { offsite: fine }, { archive: cred("copy", "offsite", "db/", ["db1"]) }).ok);
    });

    it("reports a sync target inside a locked copy prefix once, with both credential names and the lock", () => {
        const errors = errorsOf(
            parse(
                "prod",
                { offsite: r2Remote("acme-prod-offsite", { lockDays: 90 }) },
                {
                    archive: cred("copy", "offsite", "db", ["db1"]),
                    mirror: cred("sync", "offsite", "db/daily/", ["db1"]),
                },
            ),
        );
        assert.deepEqual(errors, [
            'backup-remotes:credentials.mirror.prefix: "db/daily/" overlaps the prefix "db/" of copy credential "archive" on ' +
                'remote "offsite": a sync would delete what "archive" archives, and the 90-day bucket lock on "db/" would refuse ' +
                "the sync's deletions and overwrites; give them disjoint prefixes",
        ]);
    });

    it("accepts a sync and a locked copy on disjoint prefixes of one bucket", () => {
        const r = parse(
            "prod",
            { offsite: r2Remote("acme-prod-offsite", { lockDays: 90 }) },
            {
                archive: cred("copy", "offsite", "db/", ["db1"]),
                mirror: cred("sync", "offsite", "db2/", ["db1"]),
            },
        );
        assert.ok(r.ok, r.ok ? "" : r.errors.join("\n"));
    });
});
