/**
 * The plan's text output as a person reads it in a terminal: every line
 * within 100 columns on both example stacks, the resources as a tree with
 * each component's resources indented under it.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { redactPlan, type RedactedPlan } from "../../cli/plan/redact";
import { renderPlanText } from "../../cli/plan/report";
import { displayType, renderResourceTree } from "../../cli/plan/resource-tree";
import { runPlan } from "../../cli/plan/run";
import { TEXT_WIDTH } from "../../cli/plan/text-layout";

const root = path.resolve(__dirname, "..", "..");

/** Where a resource's row is and how deep its name is indented. */
function rowOf(lines: readonly string[], r: RedactedPlan["resources"][number]): { index: number; indent: number } {
    const pattern = new RegExp(`^([│├└─ ]*)${r.name.replace(/[.]/g, "\\.")}\\s+${displayType(r.type)}(\\s|$)`);
    const index = lines.findIndex((l) => pattern.test(l));
    assert.ok(index >= 0, `no row for ${r.type} ${r.name}`);
    return { index, indent: pattern.exec(lines[index]!)![1]!.length };
}

for (const stack of ["staging", "prod"]) {
    describe(`plan text of the ${stack} example`, () => {
        let plan: RedactedPlan;
        let lines: string[];
        before(async () => {
            plan = redactPlan(await runPlan(stack, { projectDir: root }));
            lines = renderPlanText(plan).split("\n");
        });

        it(`fits ${TEXT_WIDTH} columns, every line`, () => {
            const wide = lines.filter((l) => l.length > TEXT_WIDTH);
            assert.deepEqual(wide, []);
        });

        it("shows every resource once, each under its parent and indented deeper", () => {
            const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
            for (const r of plan.resources) {
                const row = rowOf(lines, r);
                const parent = r.parent === null ? undefined : byUrn.get(r.parent);
                if (parent === undefined) {
                    assert.equal(row.indent, 0, `${r.name} is a root`);
                    continue;
                }
                const up = rowOf(lines, parent);
                assert.ok(row.index > up.index, `${r.name} comes after its parent ${parent.name}`);
                assert.equal(row.indent, up.indent + 3, `${r.name} is one level under ${parent.name}`);
                // Nothing but the parent's other descendants between them.
                for (const l of lines.slice(up.index + 1, row.index)) assert.match(l, new RegExp(`^.{${up.indent}}[│├└]`));
            }
        });

        it("marks protected resources (in prod: every bucket resource)", () => {
            for (const r of plan.resources.filter((x) => x.protect)) assert.match(lines[rowOf(lines, r).index]!, /\syes$/);
            if (stack === "prod") assert.ok(plan.resources.some((r) => r.protect));
        });
    });
}

describe("resource tree layout", () => {
    it("shows type tokens the way Pulumi displays them", () => {
        assert.equal(displayType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
            "aws:s3:BucketServerSideEncryptionConfiguration");
        assert.equal(displayType("b2:index/applicationKey:ApplicationKey"), "b2:index:ApplicationKey");
        assert.equal(displayType("backup-remotes:aws:Credential"), "backup-remotes:aws:Credential");
    });

    it("puts each type (and protection) under its name when names are too long for one line, still within the width", () => {
        const long = "a-credential-name-of-someone-who-likes-long-names-very-much-indeed.host-fqdn";
        const res = (name: string, type: string, parent: string | null, protect = false) =>
            ({ type, name, parent, urn: `urn:${name}`, protect, retainOnDelete: false, inputs: {}, outputs: {} });
        const lines = renderResourceTree([
            res("prod", "backup-remotes:index:BackupEnvironment", null),
            res(long, "backup-remotes:aws:Credential", "urn:prod"),
            res(`${long}-policy`, "aws:iam/userPolicy:UserPolicy", `urn:${long}`, true),
        ]);
        assert.deepEqual(lines.filter((l) => l.length > TEXT_WIDTH), []);
        assert.deepEqual(lines.slice(1), [
            "prod",
            "│  backup-remotes:index:BackupEnvironment",
            `└─ ${long}`,
            "   │  backup-remotes:aws:Credential",
            `   └─ ${long}-policy`,
            "         aws:iam:UserPolicy  (protected)",
        ]);
    });
});
