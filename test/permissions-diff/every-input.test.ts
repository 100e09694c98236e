/**
 * The diff says something for every change to every input of every
 * credential resource: each example stack's offline plan (and the same
 * stacks with rotation and a fixed token expiry, so every form of expiry is
 * in a plan) is mutated one input path at a time — a leaf changed or
 * removed, an object removed, a list given an element, a declared but absent
 * input set, inside the IAM policy document too — and the diff of the
 * mutated plan against the original must report it, by a rule of the
 * provider's table (never as "unclassified"). Plans run once; each mutation
 * is compared in-process.
 */
import { strict as assert } from "node:assert";
import { before, describe, it } from "node:test";
import { redactPlan } from "../../cli/plan/redact";
import { runPlan } from "../../cli/plan/run";
import { FIXTURE_NOW } from "../rotation/helpers";
import { parseStackConfig } from "../../cli/plan/stack-config";
import { diffMatrices } from "../../cli/permissions-diff/diff";
import { matrixFromPlan, type PermissionMatrix } from "../../cli/permissions-diff/matrix";
import { PROVIDERS } from "../../components/providers/registry";
import { exampleText, root } from "../rotation/helpers";
import { mutationsOf } from "./input-mutations";

const HOSTS: Readonly<Record<string, string>> = { "db-archive": "db1", "files-mirror": "files1", "restore-check": "monitor1" };

/** Every credential of the example stacks rotated once, so AWS policies carry DateLessThan, tokens expiresOn, B2 keys a rotated lifetime. */
const ROTATED = `  backup-remotes:keyRotation: { maxKeyAgeDays: 90, graceDays: 14 }
  backup-remotes:keyGenerations:
${Object.entries(HOSTS)
    .flatMap(([c, host]) => ["", "r2-", "b2-"].map((p) => `    ${p}${c}:\n      ${host}: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }]`))
    .join("\n")}
`;

const VARIANTS: readonly [string, string, (text: string) => string][] = [
    ["staging", "as it is", (t) => t],
    ["prod", "as it is", (t) => t],
    ["staging", "rotated", (t) => t + ROTATED],
    // R2's fixed expiry for every token of a remote (a remote without maxKeyAgeDays).
    ["prod", "with tokens.expiresOn", (t) => t.replace("      tokens:\n", '      tokens:\n        expiresOn: "2027-12-31T00:00:00Z"\n')],
];

interface PlanJson {
    resources: { type: string; name: string; urn: string; parent: string | null }[];
}

/** The plan as `npm run plan -- --json` prints it, and the matrix the diff reads from it. */
async function planOf(stack: string, text: string): Promise<{ json: PlanJson; matrix: PermissionMatrix }> {
    const plan = await runPlan(stack, { projectDir: root, config: parseStackConfig(text, `Pulumi.${stack}.yaml`), now: () => FIXTURE_NOW });
    const json = JSON.parse(JSON.stringify(redactPlan(plan))) as PlanJson;
    return { json, matrix: matrixFromPlan(json, `plan of ${stack}`) };
}

const rulesOf = (type: string) => PROVIDERS.profiles.map((p) => p.credentialInputs[type]).find((r) => r !== undefined);

describe("every input of every credential resource, mutated, is reported by a classification", () => {
    const plans: { name: string; json: PlanJson; matrix: PermissionMatrix }[] = [];
    before(async () => {
        for (const [stack, variant, edit] of VARIANTS) {
            const text = edit(exampleText(stack));
            if (variant !== "as it is") assert.notEqual(text, exampleText(stack), `fixture drifted: ${stack} ${variant} changes nothing`);
            plans.push({ name: `${stack} ${variant}`, ...(await planOf(stack, text)) });
        }
    });

    it("has rules for every resource the program registers under a credential component, and every form of expiry is in a plan", () => {
        for (const { name, json } of plans) {
            const typeOf = new Map(json.resources.map((r) => [r.urn, r.type]));
            const underCredentials = json.resources.filter(
                (r) => r.parent !== null && /^backup-remotes:[a-z0-9]+:Credential$/.test(typeOf.get(r.parent) ?? ""),
            );
            assert.ok(underCredentials.length > 0, name);
            for (const r of underCredentials) assert.ok(rulesOf(r.type), `${name}: no credential-input rules for ${r.type}`);
        }
        for (const profile of PROVIDERS.profiles) {
            for (const type of Object.keys(profile.resources.credentials)) assert.ok(profile.credentialInputs[type], `${profile.name}: no rules for ${type}`);
        }
        const inputs = plans.flatMap((p) => Object.values(p.matrix.keyResources ?? {}).map((r) => JSON.stringify(r.inputs)));
        assert.ok(
            inputs.some((i) => i.includes("DateLessThan")),
            "an AWS policy with an expiry",
        );
        assert.ok(
            inputs.some((i) => i.includes('"expiresOn"')),
            "a token with expiresOn",
        );
        assert.ok(
            inputs.some((i) => i.includes('"validDurationInSeconds"')),
            "a B2 key with a lifetime",
        );
        assert.ok(
            inputs.some((i) => i.includes('"condition"')),
            "a token with an IP condition",
        );
    });

    it("reports each mutation, never as unclassified", (t) => {
        const silent: string[] = [];
        const unclassified: string[] = [];
        let count = 0;
        for (const { name, matrix } of plans) {
            for (const [key, resource] of Object.entries(matrix.keyResources ?? {})) {
                const declared = rulesOf(resource.type)!.rules.flatMap((r) => r.inputs);
                for (const m of mutationsOf(resource.inputs as Record<string, unknown>, declared)) {
                    count++;
                    const mutated: PermissionMatrix = {
                        ...matrix,
                        keyResources: { ...matrix.keyResources, [key]: { ...resource, inputs: m.apply(resource.inputs) } },
                    };
                    const changes = diffMatrices(matrix, mutated).changes;
                    const where = `${name}: ${resource.type} ${resource.name} ${m.label}`;
                    if (changes.length === 0) silent.push(where);
                    if (changes.some((c) => c.kind === "input-unclassified")) unclassified.push(`${where}: ${changes.map((c) => c.summary).join(" | ")}`);
                }
            }
        }
        t.diagnostic(`${count} mutations`);
        assert.ok(count > 500, `only ${count} mutations: the plans lost their credential resources`);
        assert.deepEqual(silent, [], "mutations the diff says nothing about");
        assert.deepEqual(unclassified, [], "mutations no classification covers");
    });
});
