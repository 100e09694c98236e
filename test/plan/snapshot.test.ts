/**
 * The example stacks' offline plans against reviewed snapshots. The plan
 * snapshots were taken before the provider profiles moved the code and are
 * updated only by changes that mean to change what a stack deploys (each
 * such change says so in its commit); bucket protections are compared as
 * the structured values the profiles compute, against their own reviewed
 * golden file.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { redactPlan } from "../../cli/plan/redact";
import { runPlan } from "../../cli/plan/run";

const root = path.resolve(__dirname, "..", "..");
const golden = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, "test/golden/plan", file), "utf8"));

interface PlanShape {
    outputs: { permissions: { remote: string; protections: unknown }[] };
}

/** The plan as `npm run plan -- --json` prints it, without the protections; and the protections per remote. */
function split(plan: PlanShape): { rest: unknown; protections: Record<string, unknown> } {
    const copy = JSON.parse(JSON.stringify(plan)) as PlanShape;
    const protections: Record<string, unknown> = {};
    for (const p of copy.outputs.permissions) {
        protections[p.remote] ??= p.protections;
        delete (p as { protections?: unknown }).protections;
    }
    return { rest: copy, protections };
}

for (const stack of ["staging", "prod"]) {
    describe(`offline plan of ${stack} against its reviewed snapshot`, () => {
        it("registers the same resources with the same inputs and outputs", async () => {
            const plan = split(JSON.parse(JSON.stringify(redactPlan(await runPlan(stack, { projectDir: root })))) as PlanShape);
            assert.deepEqual(plan.rest, split(golden(`${stack}.json`) as PlanShape).rest);
            assert.deepEqual(plan.protections, golden(`${stack}.protections.json`));
        });
    });
}
