/**
 * The offline plan records the program's resources as the Pulumi engine
 * does: URNs with the whole parent type chain (the ones `pulumi state` and
 * `--target` take), each component's outputs exactly what it registered,
 * each custom resource's outputs what its provider returned.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { engineUrn, ROOT_STACK_TYPE } from "../../cli/plan/engine-urn";
import { redactPlan } from "../../cli/plan/redact";
import { PROJECT, runPlan, type PlanResult } from "../../cli/plan/run";
import { ENVIRONMENT_COMPONENT_TYPE } from "../../components/environment";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { fakesFromPlan } from "../policies/from-plan";
import { policyResources } from "../policies/helpers";

const root = path.resolve(__dirname, "..", "..");
let prod: PlanResult;

before(async () => {
    prod = await runPlan("prod", { projectDir: root });
});

describe("engine URNs", () => {
    it("chain every ancestor's type, leaving out the root stack (urn.go NewURN, generateURN)", () => {
        const stack = engineUrn("prod", PROJECT, undefined, ROOT_STACK_TYPE, "backup-remotes-prod");
        const env = engineUrn("prod", PROJECT, stack, "a:b:Env", "prod");
        const bucket = engineUrn("prod", PROJECT, env, "a:b:Bucket", "main");
        assert.equal(env, "urn:pulumi:prod::backup-remotes::a:b:Env::prod");
        assert.equal(
            engineUrn("prod", PROJECT, bucket, "aws:s3/bucket:Bucket", "main"),
            "urn:pulumi:prod::backup-remotes::a:b:Env$a:b:Bucket$aws:s3/bucket:Bucket::main",
        );
    });

    it("are the plan's: three deep, the whole chain; every URN from its parent's", () => {
        assert.ok(
            prod.resources.some(
                (r) =>
                    r.urn ===
                    "urn:pulumi:prod::backup-remotes::backup-remotes:index:BackupEnvironment$backup-remotes:aws:BackupBucket$aws:s3/bucket:Bucket::aws-main",
            ),
        );
        for (const r of prod.resources) {
            assert.equal(r.urn, engineUrn("prod", PROJECT, r.parent ?? undefined, r.type, r.name));
            if (r.parent !== null)
                assert.ok(
                    prod.resources.some((p) => p.urn === r.parent),
                    `${r.urn}: its parent is in the plan`,
                );
        }
        assert.deepEqual(
            redactPlan(prod).resources.map((r) => r.urn),
            prod.resources.map((r) => r.urn),
            "plan --json prints them",
        );
    });

    it("are the ones the pack is handed (its resources built from the plan), beside the root stack's", () => {
        const urns = policyResources(fakesFromPlan(prod)).map((r) => r.urn);
        assert.deepEqual(urns, [...prod.resources.map((r) => r.urn), `urn:pulumi:prod::backup-remotes::${ROOT_STACK_TYPE}::backup-remotes-prod`]);
    });
});

describe("outputs as the engine records them", () => {
    it("a component's are what it registered, never its inputs: the environment registers its tier", () => {
        const env = prod.resources.find((r) => r.type === ENVIRONMENT_COMPONENT_TYPE)!;
        assert.deepEqual(env.outputs, { tier: "production" });
        const credential = prod.resources.find((r) => r.type === "backup-remotes:aws:Credential" && r.name === "db-archive-db1")!;
        assert.deepEqual(credential.inputs, {});
        assert.deepEqual(Object.keys(credential.outputs).sort(), ["accessKeyId", "userName"]);
    });

    it("a custom resource's are its inputs plus what its provider computed, secrets still secret", () => {
        const key = prod.resources.find((r) => r.type === AWS_TYPES.accessKey)!;
        for (const [k, v] of Object.entries(key.inputs)) assert.deepEqual(key.outputs[k], v);
        const printed = redactPlan(prod).resources.find((r) => r.urn === key.urn)!;
        assert.equal((printed.outputs as Record<string, unknown>).secret, "[secret]");
    });
});
