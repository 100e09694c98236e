/**
 * The config is parsed once, as far as it parses, and the rules across keys
 * read that: a bad value in one key neither hides a problem in another nor
 * is reported twice.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvironmentConfig } from "../../components/config/schema";
import { partialSpec } from "../../components/config/partial";
import { PROVIDERS } from "../../components/providers/registry";

const prod = () => ({
    environment: "prod",
    remotes: {
        main: {
            provider: "aws",
            bucket: "acme-backup-prod-main",
            region: "eu-west-1",
            versioning: false,
            lifecycle: { transitions: [{ days: 1, storageClass: "STANDARD_IA" }] },
        },
    },
    credentials: { archive: { role: "copy", remote: "main", prefix: "db/", hosts: ["db1", "DB2"] } },
});

describe("the partial spec", () => {
    it("keeps every setting that parses, and of a mapping with a bad value the settings in it that parse", () => {
        const { spec, problems } = partialSpec(
            {
                ...prod(),
                remotes: {
                    off: {
                        provider: "r2",
                        accountId: "3f1c0a9e5b7d42c88e6a1b2c3d4e5f60",
                        bucket: "acme-backup-prod-off",
                        lockDays: "90",
                        tokens: { allowedIps: ["10.0.0.1"], expiresOn: "2020-01-01T00:00:00Z" },
                    },
                },
            },
            PROVIDERS,
        );
        const off = spec.remotes[0]!;
        assert.equal(off.config, undefined, "not complete");
        assert.deepEqual((off.settings as { tokens?: unknown }).tokens, { expiresOn: "2020-01-01T00:00:00Z" });
        assert.deepEqual(off.invalid, ["lockDays", "tokens"]);
        assert.deepEqual(spec.credentials[0]!.hosts, ["db1"], "the valid hosts of a list with a bad one");
        assert.equal(problems.length, 3, JSON.stringify(problems));
    });

    it("a problem in one key hides none in another: a bad transition, versioning off in production, a bad host, each once", () => {
        const r = parseEnvironmentConfig("prod", prod(), PROVIDERS, { now: () => new Date("2026-06-01T00:00:00Z") });
        const errors = r.ok ? [] : r.errors;
        assert.equal(errors.length, 3, errors.join("\n"));
        assert.match(errors[0]!, /^backup-remotes:remotes\.main\.lifecycle\.transitions\[0\]\.days: 1: S3 moves objects to STANDARD_IA only when/);
        assert.match(errors[1]!, /^backup-remotes:credentials\.archive\.hosts\[1\]: each host must be/);
        assert.match(errors[2]!, /^backup-remotes:remotes\.main\.versioning: must be true in a production environment/);
    });
});
