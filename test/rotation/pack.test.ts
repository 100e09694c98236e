/**
 * The policy pack over a rotation planned by the real program: overlapping
 * generations and expiring keys pass every rule; a key that outlives its
 * stated expiry, or is older than its maximum age, is reported.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { PlanResult } from "../../cli/plan/run";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { R2_TYPES } from "../../components/providers/r2/resources";
import { keyAgeRule } from "../../policies/rules/keys";
import type { RuleContext } from "../../policies/rule";
import { fakesFromPlan } from "../policies/from-plan";
import type { FakeResource } from "../policies/helpers";
import { policyResources, runPack } from "../policies/helpers";
import { FIXTURE_NOW, planWith, today } from "./helpers";

const generationsOn = (issued: string) => `
  backup-remotes:keyRotation: { maxKeyAgeDays: 30 }
  backup-remotes:keyGenerations:
${[
    "db-archive",
    "files-mirror",
    "restore-check",
    "r2-db-archive",
    "r2-files-mirror",
    "r2-restore-check",
    "b2-db-archive",
    "b2-files-mirror",
    "b2-restore-check",
]
    .map(
        (c) =>
            `    ${c}: { ${c.endsWith("check") ? "monitor1" : c.includes("files") ? "files1" : "db1"}: [{ generation: 1 }, { generation: 2, issued: "${issued}" }] }`,
    )
    .join("\n")}
`;

function change(list: FakeResource[], type: string, name: string, edit: (p: Record<string, unknown>) => Record<string, unknown>): FakeResource[] {
    assert.ok(
        list.some((r) => r.type === type && r.name === name),
        `no ${type} ${name}`,
    );
    return list.map((r) => (r.type === type && r.name === name ? { ...r, props: edit(r.props) } : r));
}

describe("the pack over a rotation of every staging key, issued today with a 30-day maximum age", () => {
    let plan: PlanResult;
    before(async () => {
        plan = await planWith("staging", generationsOn(today()));
    });

    it("finds nothing: two identities per section, every new key expiring as the permissions output says", async () => {
        assert.deepEqual(await runPack(policyResources(fakesFromPlan(plan))), []);
    });

    it("reports an AWS key whose policy lost its expiry (pbac shows what it still allows after the date)", async () => {
        const fakes = change(fakesFromPlan(plan), AWS_TYPES.userPolicy, "db-archive-db1-g2-policy", (p) => {
            const doc = JSON.parse(String(p.policy)) as { Statement: { Sid: string; Condition?: Record<string, unknown> }[] };
            for (const s of doc.Statement) if (s.Sid === "ObjectsWithinPrefix") delete s.Condition;
            return { ...p, policy: JSON.stringify(doc) };
        });
        const found = (await runPack(policyResources(fakes))).filter((v) => v.policy === "aws-key-expiry-test");
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.match(
            found[0]!.message,
            /User "db-archive-db1-g2" breaks aws-key-expiry-test: credential "db-archive" on host "db1", key generation 2 should stop working on \d{4}-\d{2}-\d{2}T00:00:00Z but its policy still allows then: s3:PutObject inside acme-backup-staging-main\/db\/; s3:AbortMultipartUpload inside acme-backup-staging-main\/db\/\. Fix:/,
        );
    });

    it("reports a B2 key that never expires and an R2 token that outlives its date", async () => {
        let fakes = change(fakesFromPlan(plan), B2_TYPES.applicationKey, "b2-db-archive-db1-g2", (p) => ({ ...p, validDurationInSeconds: undefined }));
        fakes = change(fakes, R2_TYPES.accountToken, "r2-db-archive-db1-g2", (p) => ({ ...p, expiresOn: "2999-01-01T00:00:00Z" }));
        const found = (await runPack(policyResources(fakes))).filter((v) => /-expiry-test$/.test(v.policy)).map((v) => v.message);
        assert.equal(found.length, 2, found.join("\n"));
        assert.match(found.join("\n"), /ApplicationKey "b2-db-archive-db1-g2" .*validDurationInSeconds is unset: the key never expires/);
        assert.match(found.join("\n"), /AccountToken "r2-db-archive-db1-g2" .*expiresOn is 2999-01-01T00:00:00Z, not at most/);
    });
});

describe("key-age, by the clock of the policy run", () => {
    let plan: PlanResult;
    before(async () => {
        plan = await planWith("staging", generationsOn("2026-05-01"), FIXTURE_NOW);
    });

    function run(now: string): { problem: string; fix: string }[] {
        const out: { problem: string; fix: string }[] = [];
        const ctx: RuleContext = { environment: "staging", tier: "test", config: {}, report: (_r, problem, fix) => out.push({ problem, fix }) };
        keyAgeRule(() => new Date(now)).check(policyResources(fakesFromPlan(plan)), ctx);
        return out;
    }

    it("is quiet while every key is younger than its maximum age", () => {
        assert.deepEqual(run("2026-05-31T12:00:00Z"), []);
    });

    it("names each key past its maximum age, when it stops working, and the command that rotates it", () => {
        const found = run("2026-06-02T00:00:00Z");
        assert.equal(found.length, 9);
        assert.equal(
            found[0]!.problem,
            'credential "db-archive" on host "db1", key generation 2 (issued 2026-05-01) is 32 days old, older than its maxKeyAgeDays of 30; it stops working on 2026-06-14T00:00:00Z',
        );
        assert.match(found[0]!.fix, /npm run rotate -- --stack staging --credential db-archive --host db1/);
    });
});
