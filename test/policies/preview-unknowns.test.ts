/**
 * A preview hands the pack unknown values (the engine's sentinel) wherever a
 * value is not known yet: ids, keys, secrets, anything computed from them.
 * Whatever single value is unknown, the pack must neither throw nor report
 * a violation the known stack does not have: a check it cannot make yet is
 * skipped (it runs again when the values are known), never failed. The
 * one exception is the tier: a config value, never unknown in a real preview,
 * and read as production if it were (fail closed: an unknown must not switch
 * a production stack's mandatory rules off).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ENGINE_UNKNOWN } from "../../cli/plan/unknowns";
import { ENVIRONMENT_COMPONENT_TYPE } from "../../components/environment";
import { compliantStack, R2_CONFIG } from "./fixtures";
import type { FakeResource } from "./helpers";
import { policyResources, runPack } from "./helpers";

const packConfig = { "r2-token-scope": R2_CONFIG, "r2-token-scope-test": R2_CONFIG };

/** The stack with the one property `key` of resource `index` unknown. */
function withUnknown(stack: readonly FakeResource[], index: number, key: string): FakeResource[] {
    return stack.map((r, i) => (i === index ? { ...r, props: { ...r.props, [key]: ENGINE_UNKNOWN } } : r));
}

type Path = readonly (string | number)[];

/** Every path to a value inside `v` (objects and arrays walked), the top included. */
function paths(v: unknown, at: Path = []): Path[] {
    const inner = Array.isArray(v)
        ? v.flatMap((x, i) => paths(x, [...at, i]))
        : typeof v === "object" && v !== null
          ? Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))
          : [];
    return [at, ...inner];
}

function replaceAt(v: unknown, path: Path, by: unknown): unknown {
    if (path.length === 0) return by;
    const [head, ...rest] = path;
    if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaceAt(x, rest, by) : x));
    const obj = v as Record<string, unknown>;
    return { ...obj, [head!]: replaceAt(obj[head!], rest, by) };
}

/** The stack with the value at `path` inside resource `index`'s props unknown. */
function withNestedUnknown(stack: readonly FakeResource[], index: number, path: Path): FakeResource[] {
    return stack.map((r, i) => (i === index ? { ...r, props: replaceAt(r.props, path, ENGINE_UNKNOWN) as Record<string, unknown> } : r));
}

describe("preview: one unknown value at a time", () => {
    for (const env of ["prod", "staging"]) {
        it(`${env}: no property of any resource, unknown, makes the pack throw or report`, async () => {
            const stack = compliantStack(env);
            assert.deepEqual(await runPack(policyResources(stack), packConfig), [], "the known stack is compliant");
            const found: string[] = [];
            for (const [i, r] of stack.entries()) {
                for (const key of Object.keys(r.props).filter((k) => !(r.type === ENVIRONMENT_COMPONENT_TYPE && k === "tier"))) {
                    const violations = await runPack(policyResources(withUnknown(stack, i, key)), packConfig);
                    found.push(...violations.map((v) => `${r.type} "${r.name}" .${key} unknown → ${v.policy}: ${v.message}`));
                }
            }
            assert.deepEqual(found, []);
        });
    }

    it("prod: no value nested inside a property (an array element, a tag, a policy field), unknown, makes the pack report", async () => {
        const stack = compliantStack("prod");
        const found: string[] = [];
        for (const [i, r] of stack.entries()) {
            // Depth 1 is the previous test; a JSON string (an IAM policy) is one value, unknown as a whole.
            for (const path of paths(r.props).filter((p) => p.length > 1)) {
                const violations = await runPack(policyResources(withNestedUnknown(stack, i, path)), packConfig);
                found.push(...violations.map((v) => `${r.type} "${r.name}" .${path.join(".")} unknown → ${v.policy}: ${v.message}`));
            }
        }
        assert.deepEqual(found, []);
    });

    it("an unknown tier is read as production (fail closed)", async () => {
        const stack = compliantStack("staging");
        const env = stack.findIndex((r) => r.type === ENVIRONMENT_COMPONENT_TYPE);
        const found = await runPack(policyResources(withUnknown(stack, env, "tier")), packConfig);
        assert.ok(found.length > 0 && found.every((v) => !v.policy.endsWith("-test")), JSON.stringify(found, null, 1));
        assert.ok(found.some((v) => v.policy === "production-bucket-protection"));
    });

    it("every value unknown at once (the stack outputs too): nothing thrown, nothing reported", async () => {
        const stack = compliantStack("prod").map((r) => ({ ...r, props: Object.fromEntries(Object.keys(r.props).map((k) => [k, ENGINE_UNKNOWN])) }));
        assert.deepEqual(await runPack(policyResources(stack), packConfig), []);
    });
});
