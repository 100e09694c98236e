/**
 * The stack outputs have one home: components/outputs-schema.ts. What the
 * program really emits (both example stacks under the offline plan) parses
 * with that schema and loses nothing when parsed (a field the program emits
 * but the schema does not declare would be stripped), and no other file
 * declares an output's fields again.
 */
import { strict as assert } from "node:assert";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { runPlan } from "../../cli/plan/run";
import { stackOutputsSchema } from "../../components/outputs-schema";

const ROOT = join(__dirname, "..", "..");

for (const stack of ["staging", "prod"]) {
    test(`every output of the ${stack} stack parses with the one schema, with nothing undeclared`, async () => {
        const plan = await runPlan(stack, { projectDir: ROOT });
        const values = Object.fromEntries(Object.entries(plan.outputs).map(([k, v]) => [k, (v as { value: unknown }).value]));
        const parsed = stackOutputsSchema.safeParse(values);
        assert.ok(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 5)));
        assert.deepEqual(parsed.data, JSON.parse(JSON.stringify(values)), "the schema declares every field the program emits");
    });
}

function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return sources(path);
        return /\.(ts|cjs|mjs)$/.test(name) ? [path] : [];
    });
}

// Fields only an output shape has; a zod field of one of these names outside the schema file re-declares an output.
const OUTPUT_ONLY_FIELDS = ["hostSection", "rcloneFlags", "prefixEnforced", "intended", "effective", "generations", "current"];

test("no file but components/outputs-schema.ts declares an output's fields with zod", () => {
    const declaration = new RegExp(`\\b(${OUTPUT_ONLY_FIELDS.join("|")})\\s*:\\s*z\\.`);
    const offenders = ["components", "cli", "policies", ".github/scripts"]
        .flatMap((d) => sources(join(ROOT, d)))
        .map((f) => relative(ROOT, f))
        .filter((f) => f !== "components/outputs-schema.ts" && declaration.test(readFileSync(join(ROOT, f), "utf8")));
    assert.deepEqual(offenders, []);
});
