/** The B2 remote's config: every bad value is refused with its config key and what would be valid. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { b2RemoteSchema } from "../../components/providers/b2/schema";
import { parseEnvironmentConfig } from "../../components/config/schema";

function b2Env(remote: Record<string, unknown>): Record<string, unknown> {
    return {
        environment: "staging",
        remotes: { "b2-offsite": { provider: "b2", bucket: "acme-backup-staging-offsite", region: "us-west-004", ...remote } },
        credentials: {
            "b2-db": { role: "copy", remote: "b2-offsite", prefix: "db/", hosts: ["db1"] },
        },
    };
}

function errorsOf(remote: Record<string, unknown>): string[] {
    const result = parseEnvironmentConfig("staging", b2Env(remote));
    assert.equal(result.ok, false, "config was accepted");
    return result.ok ? [] : result.errors;
}

const BUCKET_KEY = "backup-remotes:remotes.b2-offsite.bucket";

describe("B2 remote config", () => {
    it("accepts a minimal remote with safe defaults", () => {
        const result = parseEnvironmentConfig("staging", b2Env({}));
        assert.ok(result.ok, result.ok ? "" : result.errors.join("\n"));
        assert.equal(result.spec.remotes[0]!.config.provider, "b2");
        const config = b2RemoteSchema.parse(result.spec.remotes[0]!.config);
        assert.equal(config.api, "native");
        assert.equal(config.keyApi, "v3", "single-bucket keys every rclone can use");
        assert.deepEqual(config.lifecycle, { noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7 });
        assert.equal(config.objectLock, undefined);
        assert.equal(config.keyLifetimeDays, undefined);
    });

    for (const [bucket, why] of [
        ["stage", "5 characters"],
        [`staging-${"x".repeat(56)}`, "64 characters"],
        ["acme_backup_staging", "an underscore"],
        ["acme.backup.staging", "dots"],
        ["acme backup staging", "a space"],
    ] as const) {
        it(`refuses a bucket name with ${why}, naming the key and the rule`, () => {
            assert.ok(
                errorsOf({ bucket }).includes(`${BUCKET_KEY}: bucket must be 6-63 characters of letters, digits and '-'`),
                errorsOf({ bucket }).join("\n"),
            );
        });
    }

    it('refuses a bucket name starting with "b2-" (reserved by Backblaze), in any case', () => {
        for (const bucket of ["b2-staging-offsite", "B2-staging-offsite"]) {
            assert.ok(errorsOf({ bucket }).includes(`${BUCKET_KEY}: bucket must not start with "b2-" (reserved by Backblaze)`), bucket);
        }
    });

    it("accepts names at both length limits (6 and 63 characters)", () => {
        for (const bucket of ["abcdef", "A".repeat(63)]) {
            const result = b2RemoteSchema.safeParse({ provider: "b2", bucket, region: "us-west-004" });
            assert.ok(result.success, `${bucket} (${bucket.length})`);
        }
        assert.equal(b2RemoteSchema.safeParse({ provider: "b2", bucket: "abcde", region: "us-west-004" }).success, false);
    });

    it("still requires the environment's name in the bucket name", () => {
        assert.ok(errorsOf({ bucket: "acme-backup-prod-offsite" }).some((e) => e.startsWith(BUCKET_KEY) && e.includes('"staging"')));
    });

    it("refuses an unknown region, api, key API and key lifetime with what would be valid", () => {
        const errors = errorsOf({ region: "us-west-4", api: "swift", keyLifetimeDays: 1000, keyApi: "v5" });
        assert.ok(errors.includes('backup-remotes:remotes.b2-offsite.keyApi: keyApi must be "v3" or "v4"'), errors.join("\n"));
        assert.ok(
            errors.includes('backup-remotes:remotes.b2-offsite.region: region must be a B2 region such as "us-west-004" or "eu-central-003"'),
            errors.join("\n"),
        );
        assert.ok(errors.includes('backup-remotes:remotes.b2-offsite.api: api must be "native" or "s3"'), errors.join("\n"));
        assert.ok(errors.includes("backup-remotes:remotes.b2-offsite.keyLifetimeDays: keyLifetimeDays must be at most 999 days"), errors.join("\n"));
    });

    it("refuses a key lifetime of zero days", () => {
        assert.ok(errorsOf({ keyLifetimeDays: 0 }).includes("backup-remotes:remotes.b2-offsite.keyLifetimeDays: keyLifetimeDays must be at least 1 day"));
    });

    it("refuses unknown keys, listing the valid ones", () => {
        const errors = errorsOf({ fileLock: { mode: "GOVERNANCE", days: 7 } });
        assert.ok(
            errors.some((e) => e.startsWith('backup-remotes:remotes.b2-offsite: unknown key "fileLock"') && e.includes("objectLock")),
            errors.join("\n"),
        );
    });

    it("lists every problem of a bad remote at once", () => {
        const errors = errorsOf({ bucket: "b2-x", region: "nowhere", api: 3 });
        assert.ok(errors.length >= 4, errors.join("\n"));
    });
});
