/**
 * The key-rotation config: generations per (credential, host), a maximum key
 * age with its grace period, quotas; and the expiry each provider gets,
 * derived from the issue date alone.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvironmentConfig, type EnvironmentSpec } from "../../components/config/schema";
import { addDays, generationsOf, keyExpiry, NO_ROTATION } from "../../components/rotation/generations";
import { credentialKeys } from "../../components/rotation/keys";

const base = () => ({
    environment: "staging",
    remotes: {
        "aws-main": { provider: "aws", bucket: "acme-backup-staging-main", region: "eu-west-1" },
        "b2-vault": { provider: "b2", bucket: "acme-backup-staging-vault", region: "us-west-004" },
        "r2-offsite": { provider: "r2", accountId: "3f1c0a9e5b7d42c88e6a1b2c3d4e5f60", bucket: "acme-backup-staging-offsite" },
    },
    credentials: {
        "db-archive": { role: "copy", remote: "aws-main", prefix: "db/", hosts: ["db1", "db2"] },
        "b2-files": { role: "sync", remote: "b2-vault", prefix: "files/", hosts: ["files1"] },
        "r2-check": { role: "verify", remote: "r2-offsite", prefix: "", hosts: ["monitor1"] },
    } as Record<string, Record<string, unknown>>,
});

type Raw = ReturnType<typeof base> & Record<string, unknown>;

/** The fixtures' keys are issued on 2026-05-01: judged a fortnight later, none has expired yet. */
const AT = { now: () => new Date("2026-05-15T12:00:00Z") };

function errorsOf(raw: Raw): string[] {
    const r = parseEnvironmentConfig("staging", raw, undefined, AT);
    assert.equal(r.ok, false, "expected the config to be rejected");
    return r.ok ? [] : r.errors;
}

function specOf(raw: Raw): EnvironmentSpec {
    const r = parseEnvironmentConfig("staging", raw, undefined, AT);
    if (!r.ok) assert.fail(`expected a valid config, got:\n${r.errors.join("\n")}`);
    return r.spec;
}

/** Every (credential, host) dated, so a maximum age may apply. */
const dated = (issued = "2026-05-01") => ({
    "db-archive": { db1: [{ generation: 2, issued }], db2: [{ generation: 2, issued }] },
    "b2-files": { files1: [{ generation: 2, issued }] },
    "r2-check": { monitor1: [{ generation: 2, issued }] },
});

describe("an existing deployment without rotation keys", () => {
    it("holds generation 1 of every key, of unknown age, that never expires", () => {
        const spec = specOf(base());
        assert.deepEqual(spec.rotation.generations, {});
        assert.deepEqual(generationsOf(spec.rotation, "db-archive", "db1"), [{ generation: 1 }]);
        assert.equal(keyExpiry(spec.rotation, "db-archive", { generation: 1 }), undefined);
        assert.equal(credentialKeys(spec.rotation, "db-archive", ["db1", "db2"]), undefined, "the permissions output gains nothing");
        assert.equal(spec.rotation.graceDays, 14, "the default grace period");
    });
});

describe("key generations in the config", () => {
    it("lists the key in use last and the one it replaces before it", () => {
        const raw: Raw = { ...base(), keyGenerations: { "db-archive": { db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }] } } };
        const spec = specOf(raw);
        assert.deepEqual(generationsOf(spec.rotation, "db-archive", "db1"), [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }]);
        assert.deepEqual(generationsOf(spec.rotation, "db-archive", "db2"), [{ generation: 1 }], "other hosts are untouched");
    });

    it("refuses malformed generations, each with its key and what would be valid", () => {
        const raw: Raw = {
            ...base(),
            keyGenerations: {
                "db-archive": {
                    db1: [{ generation: 1 }, { generation: 3, issued: "2026-05-01" }],
                    db2: [{ generation: 2 }],
                },
                "r2-check": {
                    monitor1: [
                        { generation: 1, issued: "2026-02-30" },
                        { generation: 2, issued: "2026-01-01" },
                        { generation: 3, issued: "2026-06-01" },
                    ],
                },
            },
        };
        assert.deepEqual(errorsOf(raw), [
            "backup-remotes:keyGenerations.db-archive.db1[1].generation: must be 2, the generation after 1",
            'backup-remotes:keyGenerations.db-archive.db2[0].issued: generation 2 needs its issue date ("YYYY-MM-DD")',
            "backup-remotes:keyGenerations.r2-check.monitor1: lists more than 2 generations: retire the oldest first (npm run rotate -- --retire)",
        ]);
        const dates: Raw = {
            ...base(),
            keyGenerations: {
                "r2-check": {
                    monitor1: [
                        { generation: 1, issued: "2026-02-30" },
                        { generation: 2, issued: "2025-01-01" },
                    ],
                },
            },
        };
        assert.deepEqual(errorsOf(dates), [
            'backup-remotes:keyGenerations.r2-check.monitor1[0].issued: issued must be a UTC calendar date written "YYYY-MM-DD", e.g. "2026-05-01"',
        ]);
        const order: Raw = {
            ...base(),
            keyGenerations: {
                "r2-check": {
                    monitor1: [
                        { generation: 1, issued: "2026-02-01" },
                        { generation: 2, issued: "2025-01-01" },
                    ],
                },
            },
        };
        assert.deepEqual(errorsOf(order), [
            "backup-remotes:keyGenerations.r2-check.monitor1[1].issued: 2025-01-01 is before the issue date of generation 1 (2026-02-01)",
        ]);
    });

    it("refuses generations of a credential or host the config does not have", () => {
        const raw: Raw = { ...base(), keyGenerations: { "old-cred": { db1: [{ generation: 1 }] }, "db-archive": { db9: [{ generation: 1 }] } } };
        assert.deepEqual(errorsOf(raw), [
            "backup-remotes:keyGenerations.old-cred: is not a credential of this environment (credentials: db-archive, b2-files, r2-check); remove its generations when you remove the credential",
            'backup-remotes:keyGenerations.db-archive.db9: "db9" is not a host of credential "db-archive" (hosts: db1, db2); `npm run rotate -- --revoke --host <host>` removes a host and its generations together',
        ]);
    });

    it("refuses a generation whose identity name the provider cannot take (IAM: 64 characters)", () => {
        const raw = base() as Raw;
        const host = "h".repeat(64 - "backup-staging-db-archive-".length);
        raw.credentials["db-archive"]!.hosts = [host];
        specOf(raw); // generation 1 fits exactly
        assert.deepEqual(errorsOf({ ...raw, keyGenerations: { "db-archive": { [host]: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }] } } }), [
            `backup-remotes:keyGenerations.db-archive.${host}: IAM user name "backup-staging-db-archive-${host}-g2" is 67 characters, longer than IAM's 64; ` +
                `shorten credential "db-archive" or host "${host}" (generation 2 adds "-g2")`,
        ]);
    });
});

describe("maximum key age", () => {
    it("needs the issue date of every key in use, naming the command that issues one", () => {
        const raw: Raw = {
            ...base(),
            keyRotation: { maxKeyAgeDays: 90 },
            keyGenerations: { "db-archive": { db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }] } },
        };
        assert.deepEqual(errorsOf(raw), [
            "backup-remotes:keyGenerations.db-archive: the key in use on db2 has no issue date, so maxKeyAgeDays (90, from backup-remotes:keyRotation.maxKeyAgeDays) cannot make it expire; " +
                "issue dated generations with `npm run rotate -- --stack staging --credential db-archive` (or without --credential for every key; the undated keys stay until --retire)",
            "backup-remotes:keyGenerations.b2-files: the key in use on files1 has no issue date, so maxKeyAgeDays (90, from backup-remotes:keyRotation.maxKeyAgeDays) cannot make it expire; " +
                "issue dated generations with `npm run rotate -- --stack staging --credential b2-files` (or without --credential for every key; the undated keys stay until --retire)",
            "backup-remotes:keyGenerations.r2-check: the key in use on monitor1 has no issue date, so maxKeyAgeDays (90, from backup-remotes:keyRotation.maxKeyAgeDays) cannot make it expire; " +
                "issue dated generations with `npm run rotate -- --stack staging --credential r2-check` (or without --credential for every key; the undated keys stay until --retire)",
        ]);
    });

    it("expires each generation at issue date + max age + grace (00:00 UTC), a credential's own max age first", () => {
        const raw = { ...base(), keyRotation: { maxKeyAgeDays: 90, graceDays: 10 }, keyGenerations: dated() } as Raw;
        raw.credentials["db-archive"]!.maxKeyAgeDays = 30;
        const spec = specOf(raw);
        assert.deepEqual(keyExpiry(spec.rotation, "db-archive", { generation: 2, issued: "2026-05-01" }), {
            expiresOn: "2026-06-10T00:00:00Z",
            lifetimeDays: 40,
        });
        assert.deepEqual(keyExpiry(spec.rotation, "b2-files", { generation: 2, issued: "2026-05-01" }), {
            expiresOn: "2026-08-09T00:00:00Z",
            lifetimeDays: 100,
        });
        assert.equal(keyExpiry(spec.rotation, "b2-files", { generation: 1 }), undefined, "an undated key being replaced has no date to count from");
        assert.equal(addDays("2028-02-28", 1), "2028-02-29T00:00:00Z", "calendar arithmetic in UTC");
        assert.equal(specOf({ ...base(), keyRotation: { maxKeyAgeDays: 90 }, keyGenerations: dated() } as Raw).rotation.graceDays, 14);
    });

    it("is the same every day: nothing derived from it reads the clock", () => {
        const spec = specOf({ ...base(), keyRotation: { maxKeyAgeDays: 90 }, keyGenerations: dated() } as Raw);
        const realNow = Date.now;
        try {
            Date.now = () => Date.parse("2099-01-01T00:00:00Z");
            assert.deepEqual(keyExpiry(spec.rotation, "db-archive", { generation: 2, issued: "2026-05-01" }), {
                expiresOn: "2026-08-13T00:00:00Z",
                lifetimeDays: 104,
            });
        } finally {
            Date.now = realNow;
        }
    });

    it("replaces the remotes' own fixed expiry keys with a clear error naming the new key", () => {
        const raw = { ...base(), keyRotation: { maxKeyAgeDays: 90 }, keyGenerations: dated() } as Raw;
        (raw.remotes["b2-vault"] as Record<string, unknown>).keyLifetimeDays = 365;
        (raw.remotes["r2-offsite"] as Record<string, unknown>).tokens = { expiresOn: "2099-01-01T00:00:00Z" };
        assert.deepEqual(errorsOf(raw), [
            'backup-remotes:remotes.b2-vault.keyLifetimeDays: must be removed: maxKeyAgeDays (+ keyRotation.graceDays) now sets the lifetime of the keys of "b2-files"; keep keyLifetimeDays only on remotes whose credentials have no maxKeyAgeDays',
            'backup-remotes:remotes.r2-offsite.tokens.expiresOn: must be removed: maxKeyAgeDays (+ keyRotation.graceDays) now sets when the tokens of "r2-check" expire, from each generation\'s issue date; keep tokens.expiresOn only on remotes whose credentials have no maxKeyAgeDays',
        ]);
    });

    it("refuses a lifetime B2 cannot give a key (below 1000 days)", () => {
        const raw = { ...base(), keyRotation: { maxKeyAgeDays: 990, graceDays: 14 }, keyGenerations: dated() } as Raw;
        assert.deepEqual(errorsOf(raw), [
            'backup-remotes:credentials.b2-files.maxKeyAgeDays: with keyRotation.graceDays gives B2 keys of remote "b2-vault" a lifetime of 1004 days; B2 allows at most 999 (lower maxKeyAgeDays or graceDays)',
        ]);
    });

    it("publishes each generation with its issue date and expiry in the permissions output's keys", () => {
        const raw = {
            ...base(),
            keyRotation: { maxKeyAgeDays: 90 },
            keyGenerations: {
                ...dated(),
                "db-archive": { db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }], db2: [{ generation: 2, issued: "2026-05-01" }] },
            },
        } as Raw;
        const spec = specOf(raw);
        assert.deepEqual(credentialKeys(spec.rotation, "db-archive", ["db1", "db2"], { mechanism: "m", fixedAtCreation: false }), {
            maxKeyAgeDays: 90,
            graceDays: 14,
            expiresBy: "m",
            generations: [
                { host: "db1", generation: 1, current: false },
                { host: "db1", generation: 2, issued: "2026-05-01", expiresOn: "2026-08-13T00:00:00Z", current: true },
                { host: "db2", generation: 2, issued: "2026-05-01", expiresOn: "2026-08-13T00:00:00Z", current: true },
            ],
        });
        assert.equal(NO_ROTATION.graceDays, spec.rotation.graceDays);
    });
});
