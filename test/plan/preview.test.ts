/**
 * The program under preview-shaped mocks, as a first `pulumi preview` runs it
 * (isDryRun; no ids; every computed output unknown: access keys, secrets, R2
 * token values, B2 application keys, the sealed files). Nothing may crash,
 * nothing may seal an unknown, and the pack, fed the preview's resources as
 * the engine shows them, must neither throw nor report what only an unknown
 * causes, while still catching a mistake it can see.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { runPlan, type PlanResult } from "../../cli/plan/run";
import { ENGINE_UNKNOWN, isWireUnknown } from "../../cli/plan/unknowns";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { R2_TYPES } from "../../components/providers/r2/resources";
import { sealingProvider } from "../../components/sealing/provider";
import { SEALED_HOST_FILE_TYPE } from "../../components/sealing/sealed-host-file";
import { fakesFromPlan } from "../policies/from-plan";
import { policyResources, runPack } from "../policies/helpers";
import { tempDir } from "../pull-config/helpers";
import { STAGING_HOSTS, hostKeys, sealedStaging } from "../sealing/helpers";

const root = path.resolve(__dirname, "..", "..");
const previews = new Map<string, PlanResult>();
const plans = new Map<string, PlanResult>();

/** Calls of the sealing provider's create/update while the plans run. */
const sealCalls: string[] = [];
const original = { create: sealingProvider.create, update: sealingProvider.update };

before(async () => {
    sealingProvider.create = async (inputs) => {
        sealCalls.push(`create ${inputs.host}`);
        return original.create(inputs);
    };
    sealingProvider.update = async (id, olds, news) => {
        sealCalls.push(`update ${news.host}`);
        return original.update(id, olds, news);
    };
    for (const stack of ["staging", "prod"]) {
        previews.set(stack, await runPlan(stack, { projectDir: root, preview: true }));
        plans.set(stack, await runPlan(stack, { projectDir: root }));
    }
});
after(() => Object.assign(sealingProvider, original));

/** The computed outputs of a custom resource: what its provider adds to its inputs. */
const computed = (r: PlanResult["resources"][number]) => Object.entries(r.outputs).filter(([k]) => !(k in r.inputs));

describe("the example stacks in a preview", () => {
    for (const stack of ["staging", "prod"]) {
        it(`${stack}: registers what the update registers, under the same URNs`, () => {
            const urns = (p: PlanResult) => p.resources.map((r) => r.urn);
            assert.deepEqual(urns(previews.get(stack)!), urns(plans.get(stack)!));
        });

        it(`${stack}: every computed output is unknown: ids, access keys, secrets, R2 token values, B2 application keys`, () => {
            const preview = previews.get(stack)!;
            const custom = preview.resources.filter((r) => r.custom && r.type !== SEALED_HOST_FILE_TYPE);
            const known = custom.flatMap((r) =>
                computed(r)
                    .filter(([, v]) => !isWireUnknown(v))
                    .map(([k]) => `${r.name}.${k}`),
            );
            assert.deepEqual(known, []);
            for (const [type, key] of [
                [AWS_TYPES.accessKey, "secret"],
                [B2_TYPES.applicationKey, "applicationKey"],
                [R2_TYPES.accountToken, "value"],
            ] as const) {
                const of = custom.filter((r) => r.type === type);
                assert.ok(of.length > 0, `the stack has a ${type}`);
                for (const r of of) assert.ok(isWireUnknown(r.outputs[key]), `${r.name}.${key} is unknown`);
            }
            assert.equal(preview.outputs.rcloneConfig.value, ENGINE_UNKNOWN);
            assert.equal(preview.outputs.rcloneConfig.secret, true, "an unknown secret stays secret");
            assert.equal(preview.outputs.hosts.value, ENGINE_UNKNOWN);
        });

        it(`${stack}: the pack neither throws nor reports anything`, async () => {
            assert.deepEqual(await runPack(policyResources(fakesFromPlan(previews.get(stack)!))), []);
        });
    }

    it("prod: the pack still catches a copy key widened with s3:DeleteObject (its policy is known in a preview)", async () => {
        const fakes = fakesFromPlan(previews.get("prod")!).map((r) => {
            if (r.type !== AWS_TYPES.userPolicy || r.props.name !== "backup-copy") return r;
            const doc = JSON.parse(String(r.props.policy)) as { Statement: { Sid: string; Action: string[] }[] };
            for (const s of doc.Statement) if (s.Sid === "ObjectsWithinPrefix") s.Action.push("s3:DeleteObject");
            return { ...r, props: { ...r.props, policy: JSON.stringify(doc) } };
        });
        const found = await runPack(policyResources(fakes));
        assert.ok(
            found.some((v) => v.policy === "aws-credential-least-privilege" && /s3:DeleteObject/.test(v.message)),
            JSON.stringify(found, null, 1),
        );
    });
});

describe("sealed delivery in a preview", () => {
    it("seals nothing: the provider is never called, sealedHosts and every ciphertext are unknown", async (t) => {
        sealCalls.length = 0;
        const preview = await runPlan("staging", { config: sealedStaging(hostKeys(tempDir(t))), preview: true });
        assert.deepEqual(sealCalls, []);
        assert.deepEqual(preview.sealing, []);
        assert.equal(preview.outputs.sealedHosts?.value, ENGINE_UNKNOWN);
        const files = preview.resources.filter((r) => r.type === SEALED_HOST_FILE_TYPE);
        assert.deepEqual(files.map((f) => f.inputs.host).sort(), [...STAGING_HOSTS]);
        for (const f of files) {
            assert.ok(isWireUnknown(f.inputs.plaintext), `${f.name}: its plaintext is not known in a preview`);
            assert.ok(!("ciphertext" in f.outputs) || isWireUnknown(f.outputs.ciphertext), `${f.name}: no ciphertext`);
        }
        assert.deepEqual(await runPack(policyResources(fakesFromPlan(preview))), []);
    });

    it("the sealing provider refuses to seal the engine's unknown marker", async () => {
        const recipients = ["age1ugg3ch6lrxawstg7mhzlj2f3m04zqxw8da4ng77a6yukp35nmaes5hn2dk"];
        await assert.rejects(original.create({ host: "db1", plaintext: ENGINE_UNKNOWN, recipients }), /not known yet/);
        await assert.rejects(original.update("sealed-db1", {}, { host: "db1", plaintext: ENGINE_UNKNOWN, recipients }), /not known yet/);
    });
});
