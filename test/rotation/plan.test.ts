/**
 * Rotation through the real program under the offline plan: both generations
 * exist while a rotation overlaps, the outputs hosts read carry the new one,
 * retiring removes the old one, and expiry reaches every provider's inputs.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { PlanResult } from "../../cli/plan/run";
import type { HostsOutput, PermissionEntry, RemoteSummary } from "../../components/outputs";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { R2_TYPES } from "../../components/providers/r2/resources";
import { FIXTURE_NOW, iniSections, mockId, planWith } from "./helpers";

const OVERLAP = `
  backup-remotes:keyGenerations:
    db-archive:
      db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }]
    r2-db-archive:
      db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }]
    b2-db-archive:
      db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }]
`;

const RETIRED = OVERLAP.replace(/\[\{ generation: 1 \}, /g, "[");

const names = (plan: PlanResult, type: string) =>
    plan.resources
        .filter((r) => r.type === type)
        .map((r) => r.name)
        .sort();
const inputsOf = (plan: PlanResult, type: string, name: string) => plan.resources.find((r) => r.type === type && r.name === name)!.inputs;

describe("a rotation overlapping on staging (db1's copy keys on AWS, R2 and B2)", () => {
    let plan: PlanResult;
    before(async () => {
        plan = await planWith("staging", OVERLAP, FIXTURE_NOW);
    });

    it("holds both identities of each rotated (credential, host), the new one named with its generation", () => {
        assert.deepEqual(names(plan, AWS_TYPES.user), ["db-archive-db1", "db-archive-db1-g2", "files-mirror-files1", "restore-check-monitor1"]);
        assert.deepEqual(names(plan, AWS_TYPES.accessKey), [
            "db-archive-db1-g2-key",
            "db-archive-db1-key",
            "files-mirror-files1-key",
            "restore-check-monitor1-key",
        ]);
        assert.equal(inputsOf(plan, AWS_TYPES.user, "db-archive-db1").name, "backup-staging-db-archive-db1");
        assert.equal(inputsOf(plan, AWS_TYPES.user, "db-archive-db1-g2").name, "backup-staging-db-archive-db1-g2");
        assert.deepEqual(
            names(plan, R2_TYPES.accountToken).filter((n) => n.startsWith("r2-db-archive")),
            ["r2-db-archive-db1", "r2-db-archive-db1-g2"],
        );
        assert.equal(inputsOf(plan, R2_TYPES.accountToken, "r2-db-archive-db1-g2").name, "backup-staging-r2-db-archive-db1-g2");
        assert.deepEqual(
            names(plan, B2_TYPES.applicationKey).filter((n) => n.startsWith("b2-db-archive")),
            ["b2-db-archive-db1", "b2-db-archive-db1-g2"],
        );
        assert.equal(inputsOf(plan, B2_TYPES.applicationKey, "b2-db-archive-db1-g2").keyName, "backup-staging-b2-db-archive-db1-g2");
    });

    it("gives the new identity exactly the old one's grants", () => {
        assert.equal(
            inputsOf(plan, AWS_TYPES.userPolicy, "db-archive-db1-g2-policy").policy,
            inputsOf(plan, AWS_TYPES.userPolicy, "db-archive-db1-policy").policy,
        );
        const b2 = (n: string) => {
            const { keyName: _k, ...rest } = inputsOf(plan, B2_TYPES.applicationKey, n);
            return rest;
        };
        assert.deepEqual(b2("b2-db-archive-db1-g2"), b2("b2-db-archive-db1"));
    });

    it("puts the new keys in rcloneConfig and hosts under the section names hosts already use", () => {
        const ini = iniSections(plan.outputs.rcloneConfig.value);
        const hosts = plan.outputs.hosts.value as HostsOutput;
        const hostSection = (host: string, name: string) => hosts[host]!.sections.find((s) => s.name === name)!.options;
        const newAws = mockId(plan, AWS_TYPES.accessKey, "db-archive-db1-g2-key");
        assert.ok(newAws);
        assert.equal(ini["staging-db-archive.db1"]!.access_key_id, newAws);
        assert.equal(hostSection("db1", "staging-db-archive").access_key_id, newAws);
        const newToken = mockId(plan, R2_TYPES.accountToken, "r2-db-archive-db1-g2");
        assert.equal(ini["staging-r2-db-archive.db1"]!.access_key_id, newToken);
        assert.equal(hostSection("db1", "staging-r2-db-archive").access_key_id, newToken);
        const newB2 = mockId(plan, B2_TYPES.applicationKey, "b2-db-archive-db1-g2");
        assert.equal(ini["staging-b2-db-archive.db1"]!.account, newB2);
        assert.equal(hostSection("db1", "staging-b2-db-archive").account, newB2);
        assert.equal(Object.keys(ini).length, 9, "one section per (credential, host), not per generation");
        assert.equal(plan.outputs.rcloneConfig.secret, true);
        assert.equal(plan.outputs.hosts.secret, true);
    });

    it("publishes the old keys only in the secret retiringConfig, and says which generation each section holds", () => {
        const retiring = plan.outputs.retiringConfig!;
        assert.equal(retiring.secret, true);
        const ini = iniSections(retiring.value);
        assert.deepEqual(Object.keys(ini).sort(), ["staging-b2-db-archive.db1", "staging-db-archive.db1", "staging-r2-db-archive.db1"]);
        assert.equal(ini["staging-db-archive.db1"]!.access_key_id, mockId(plan, AWS_TYPES.accessKey, "db-archive-db1-key"));
        const remotes = plan.outputs.remotes.value as RemoteSummary[];
        assert.equal(remotes.find((r) => r.section === "staging-db-archive.db1")!.generation, 2);
        assert.equal(remotes.find((r) => r.section === "staging-files-mirror.files1")!.generation, undefined, "absent for keys the config does not list");
        const keys = (plan.outputs.permissions.value as PermissionEntry[]).find((p) => p.credential === "db-archive")!.keys;
        assert.deepEqual(keys, {
            generations: [
                { host: "db1", generation: 1, current: false },
                { host: "db1", generation: 2, issued: "2026-05-01", current: true },
            ],
        });
    });
});

describe("retiring the previous generation", () => {
    it("leaves one identity per (credential, host), the new one, and no retiringConfig", async () => {
        const plan = await planWith("staging", RETIRED, FIXTURE_NOW);
        assert.deepEqual(names(plan, AWS_TYPES.user), ["db-archive-db1-g2", "files-mirror-files1", "restore-check-monitor1"]);
        assert.deepEqual(
            names(plan, R2_TYPES.accountToken).filter((n) => n.startsWith("r2-db-archive")),
            ["r2-db-archive-db1-g2"],
        );
        assert.deepEqual(
            names(plan, B2_TYPES.applicationKey).filter((n) => n.startsWith("b2-db-archive")),
            ["b2-db-archive-db1-g2"],
        );
        assert.equal(plan.outputs.retiringConfig, undefined);
        assert.equal(
            iniSections(plan.outputs.rcloneConfig.value)["staging-db-archive.db1"]!.access_key_id,
            mockId(plan, AWS_TYPES.accessKey, "db-archive-db1-g2-key"),
        );
    });
});

describe("keys that expire: issue date + maxKeyAgeDays + graceDays on every provider", () => {
    let plan: PlanResult;
    before(async () => {
        plan = await planWith(
            "staging",
            `
  backup-remotes:keyRotation: { maxKeyAgeDays: 90, graceDays: 14 }
  backup-remotes:keyGenerations:
    db-archive: { db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }] }
    files-mirror: { files1: [{ generation: 2, issued: "2026-05-01" }] }
    restore-check: { monitor1: [{ generation: 2, issued: "2026-05-01" }] }
    r2-db-archive: { db1: [{ generation: 2, issued: "2026-05-01" }] }
    r2-files-mirror: { files1: [{ generation: 2, issued: "2026-05-01" }] }
    r2-restore-check: { monitor1: [{ generation: 2, issued: "2026-05-01" }] }
    b2-db-archive: { db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }] }
    b2-files-mirror: { files1: [{ generation: 2, issued: "2026-05-01" }] }
    b2-restore-check: { monitor1: [{ generation: 2, issued: "2026-05-01" }] }
`,
            FIXTURE_NOW,
        );
    });

    it("AWS: every statement of the new key's policy carries DateLessThan aws:CurrentTime; the undated old key's none", () => {
        const doc = JSON.parse(String(inputsOf(plan, AWS_TYPES.userPolicy, "db-archive-db1-g2-policy").policy)) as {
            Statement: { Condition?: Record<string, Record<string, string[]>> }[];
        };
        assert.ok(doc.Statement.length >= 2);
        for (const s of doc.Statement) assert.deepEqual(s.Condition?.DateLessThan, { "aws:CurrentTime": ["2026-08-13T00:00:00Z"] });
        assert.doesNotMatch(String(inputsOf(plan, AWS_TYPES.userPolicy, "db-archive-db1-policy").policy), /CurrentTime/);
    });

    it("R2: the token's expiresOn; B2: validDurationInSeconds of the lifetime", () => {
        assert.equal(inputsOf(plan, R2_TYPES.accountToken, "r2-db-archive-db1-g2").expiresOn, "2026-08-13T00:00:00Z");
        assert.equal(inputsOf(plan, B2_TYPES.applicationKey, "b2-files-mirror-files1-g2").validDurationInSeconds, 104 * 86_400);
    });

    it("B2: a rotation-managed key keeps the lifetime it was created with (a changed one would replace the live key)", () => {
        const key = (name: string) => plan.resources.find((r) => r.type === B2_TYPES.applicationKey && r.name === name)!;
        assert.deepEqual(key("b2-files-mirror-files1-g2").ignoreChanges, ["validDurationInSeconds"]);
        const undated = key("b2-db-archive-db1");
        assert.equal(undated.inputs.validDurationInSeconds, undefined, "the key being replaced has no issue date to expire from");
        assert.deepEqual(undated.ignoreChanges, []);
    });

    it("states each key's expiry and its mechanism in the permissions output", () => {
        const entries = plan.outputs.permissions.value as PermissionEntry[];
        const b2 = entries.find((p) => p.credential === "b2-files-mirror")!.keys!;
        assert.equal(b2.generations[0]!.expiresOn, "2026-08-13T00:00:00Z");
        assert.match(b2.expiresBy!, /counted by B2 from the key's creation/);
        assert.match(entries.find((p) => p.credential === "db-archive")!.keys!.expiresBy!, /DateLessThan aws:CurrentTime on every statement/);
    });
});
