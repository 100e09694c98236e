import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import type { PlanResult } from "../../cli/plan/run";
import { runPlan } from "../../cli/plan/run";
import { fakesFromPlan } from "./from-plan";
import type { FakeResource } from "./helpers";
import { policyResources, runPack } from "./helpers";
import { ENVIRONMENT_COMPONENT_TYPE } from "../../components/environment";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { R2_TYPES } from "../../components/providers/r2/resources";

const root = path.resolve(__dirname, "..", "..");
const plans = new Map<string, PlanResult>();

before(async () => {
    // The example stacks through the real program, under mocks (one plan at a time).
    for (const stack of ["staging", "prod"]) plans.set(stack, await runPlan(stack, { projectDir: root }));
});

const fakes = (stack: string): FakeResource[] => fakesFromPlan(plans.get(stack)!);

function changeProps(
    list: FakeResource[],
    match: (r: FakeResource) => boolean,
    change: (p: Record<string, unknown>) => Record<string, unknown>,
): FakeResource[] {
    let hits = 0;
    const out = list.map((r) => {
        if (!match(r)) return r;
        hits++;
        return { ...r, props: change(r.props) };
    });
    assert.ok(hits > 0, "the example stack lacks the resource to change");
    return out;
}

describe("the example stacks through the real program and the pack, as the engine shows them (props are outputs)", () => {
    for (const stack of ["staging", "prod"]) {
        it(`${stack}: the pack finds no violation, mandatory or not`, async () => {
            const resources = policyResources(fakes(stack));
            assert.ok(
                resources.some((r) => r.type === AWS_TYPES.userPolicy),
                "the plan registered no credential",
            );
            // The tier reaches the pack only as the environment's registered output (a component's inputs never do).
            const env = resources.find((r) => r.type === ENVIRONMENT_COMPONENT_TYPE)!;
            assert.deepEqual({ ...env.props }, { tier: stack === "staging" ? "test" : "production" });
            assert.deepEqual(await runPack(resources), []);
        });
    }

    it("prod: a copy key widened with s3:DeleteObject is caught", async () => {
        const isCopyPolicy = (r: FakeResource) => r.type === AWS_TYPES.userPolicy && r.props.name === "backup-copy";
        const widened = changeProps(fakes("prod"), isCopyPolicy, (p) => {
            const doc = JSON.parse(String(p.policy)) as { Statement: { Sid: string; Action: string[] }[] };
            for (const s of doc.Statement) if (s.Sid === "ObjectsWithinPrefix") s.Action.push("s3:DeleteObject");
            return { ...p, policy: JSON.stringify(doc) };
        });
        const found = await runPack(policyResources(widened));
        const least = found.filter((v) => v.policy === "aws-credential-least-privilege");
        assert.ok(least.length >= 1, JSON.stringify(found, null, 1));
        assert.match(least[0]!.message, /allows what a copy credential must not do: s3:DeleteObject inside acme-backup-prod-archive\/db\//);
        assert.ok(found.some((v) => v.policy === "permissions-output-matches" && /delete: allowed/.test(v.message)));
        assert.deepEqual([...new Set(found.map((v) => v.policy))].sort(), ["aws-credential-least-privilege", "permissions-output-matches"]);
    });

    it("prod: a staging bucket name is caught", async () => {
        const renamed = changeProps(
            fakes("prod"),
            (r) => r.type === AWS_TYPES.bucket && r.props.bucket === "acme-backup-prod-main",
            (p) => ({ ...p, bucket: "acme-backup-staging-main" }),
        );
        const found = await runPack(policyResources(renamed));
        assert.ok(
            found.some((v) => v.policy === "bucket-name-environment" && /"acme-backup-staging-main" does not contain the environment "prod"/.test(v.message)),
            JSON.stringify(found, null, 1),
        );
        assert.ok(found.some((v) => v.policy === "bucket-name-environment" && /names the staging environment in the prod stack/.test(v.message)));
    });

    it("prod: an R2 copy prefix without its lock rule is caught", async () => {
        const unlocked = changeProps(
            fakes("prod"),
            (r) => r.type === R2_TYPES.lock,
            (p) => ({ ...p, rules: [] }),
        );
        const found = await runPack(policyResources(unlocked));
        assert.ok(
            found.some((v) => v.policy === "r2-copy-prefix-lock" && /prefix "db\/" of copy credential "r2-db-archive"/.test(v.message)),
            JSON.stringify(found, null, 1),
        );
    });

    it("prod: an R2 copy token given a second bucket is caught", async () => {
        const widened = changeProps(
            fakes("prod"),
            (r) => r.type === R2_TYPES.accountToken && String(r.props.name).includes("-r2-db-archive-"),
            (p) => {
                const [policy] = p.policies as { resources: string }[];
                const resources = {
                    ...(JSON.parse(policy!.resources) as object),
                    "com.cloudflare.edge.r2.bucket.3f1c0a9e5b7d42c88e6a1b2c3d4e5f60_default_other": "*",
                };
                return { ...p, policies: [{ ...policy, resources: JSON.stringify(resources) }] };
            },
        );
        const found = await runPack(policyResources(widened));
        assert.ok(
            found.some((v) => v.policy === "r2-token-scope" && /is not exactly one R2 bucket/.test(v.message)),
            JSON.stringify(found, null, 1),
        );
    });

    it("prod: a B2 key as the provider stores it (bucketId and bucketIds, the same id) reaches one bucket; a second id is caught", async () => {
        const isKey = (r: FakeResource) => r.type === B2_TYPES.applicationKey;
        const stored = fakes("prod").filter(isKey);
        assert.ok(
            stored.length > 0 &&
                stored.every(
                    (k) =>
                        typeof k.props.bucketId === "string" &&
                        k.props.bucketId !== "" &&
                        JSON.stringify(k.props.bucketIds) === JSON.stringify([k.props.bucketId]),
                ),
            "the mocks store the restriction as terraform-provider-b2 does",
        );
        const widened = changeProps(
            fakes("prod"),
            (r) => isKey(r) && r.name === "b2-db-archive-db1",
            (p) => ({ ...p, bucketIds: [p.bucketId, "4033f9b787c4b588114d4232"] }),
        );
        const found = await runPack(policyResources(widened));
        assert.deepEqual(
            found.map((v) => v.policy),
            ["b2-key-scope"],
            JSON.stringify(found, null, 1),
        );
        assert.match(found[0]!.message, /"b2-db-archive-db1" .*reaches 2 buckets/);
    });

    it("staging (test tier): the same mistakes are caught by the test-tier policies", async () => {
        const widened = changeProps(
            fakes("staging"),
            (r) => r.type === AWS_TYPES.userPolicy && r.props.name === "backup-verify",
            (p) => {
                const doc = JSON.parse(String(p.policy)) as { Statement: { Sid: string; Action: string[] }[] };
                for (const s of doc.Statement) if (s.Sid === "ObjectsWithinPrefix") s.Action.push("s3:PutObject");
                return { ...p, policy: JSON.stringify(doc) };
            },
        );
        const found = await runPack(policyResources(widened));
        assert.ok(
            found.some((v) => v.policy === "aws-credential-least-privilege-test"),
            JSON.stringify(found, null, 1),
        );
        assert.ok(!found.some((v) => !v.policy.endsWith("-test")));
    });
});
