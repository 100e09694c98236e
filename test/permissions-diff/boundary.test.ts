/**
 * The AWS users' permissions boundary in the permission diff, read from the
 * resources' inputs: a user's boundary removed or replaced by another policy,
 * and the boundary's document widened (another bucket, another action), are
 * escalations; a narrower boundary, or one added where there was none, is a
 * reduction. On the example stacks' offline plans, edited as a pull request
 * (or a hand-written resource) would change them.
 */
import { strict as assert } from "node:assert";
import { before, describe, it } from "node:test";
import { redactPlan } from "../../cli/plan/redact";
import { runPlan } from "../../cli/plan/run";
import { diffMatrices } from "../../cli/permissions-diff/diff";
import { matrixFromPlan } from "../../cli/permissions-diff/matrix";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { FIXTURE_NOW, root } from "../rotation/helpers";

interface Resource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}
interface Plan {
    resources: Resource[];
}

let base: Plan;
before(async () => {
    base = JSON.parse(JSON.stringify(redactPlan(await runPlan("staging", { projectDir: root, now: () => FIXTURE_NOW })))) as Plan;
});

function head(edit: (p: Plan) => void): Plan {
    const p = structuredClone(base);
    edit(p);
    return p;
}

const changes = (b: Plan, a: Plan): string[] =>
    diffMatrices(matrixFromPlan(b, "base"), matrixFromPlan(a, "head")).changes.map((c) => `${c.escalation ? "!" : ""}${c.kind}: ${c.summary}`);

const users = (p: Plan) => p.resources.filter((r) => r.type === AWS_TYPES.user);
const boundary = (p: Plan) => p.resources.find((r) => r.type === AWS_TYPES.policy)!;
function editDocument(p: Plan, edit: (doc: { Statement: Record<string, unknown>[] }) => void): void {
    const doc = JSON.parse(String(boundary(p).inputs.policy)) as { Statement: Record<string, unknown>[] };
    edit(doc);
    boundary(p).inputs.policy = JSON.stringify(doc);
}

describe("the permissions boundary in the permission diff", () => {
    it("a user's boundary removed is an escalation", () => {
        const found = changes(
            base,
            head((p) => delete users(p)[0]!.inputs.permissionsBoundary),
        );
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0]!, /^!input-widened: .*`permissionsBoundary` .*removed: the user's policies are no longer capped/);
    });

    it("a user's boundary replaced by another policy is an escalation; one added where there was none is a reduction", () => {
        const other = head((p) => {
            users(p)[0]!.inputs.permissionsBoundary = "arn:aws:iam::000000000000:policy/backup/staging/wide-open";
        });
        assert.match(changes(base, other).join("\n"), /^!input-widened: .*`permissionsBoundary`.*another boundary may allow more/m);
        const none = head((p) => delete users(p)[0]!.inputs.permissionsBoundary);
        assert.match(changes(none, base).join("\n"), /^input-narrowed: .*`permissionsBoundary`.* added/m);
    });

    it("the boundary widened to another bucket or another action is an escalation, narrowed a reduction", () => {
        const bucket = head((p) =>
            editDocument(p, (d) => {
                (d.Statement[1]!.Resource as string[]).push("arn:aws:s3:::another-teams-bucket/*");
            }),
        );
        const wider = changes(base, bucket);
        assert.equal(wider.length, 1, wider.join("\n"));
        assert.match(wider[0]!, /^!input-widened: .*permissions boundary.*BackupObjects.*another-teams-bucket/);
        const action = changes(
            base,
            head((p) => editDocument(p, (d) => d.Statement.push({ Sid: "Oops", Effect: "Allow", Action: ["s3:*"], Resource: ["*"] }))),
        );
        assert.match(action.join("\n"), /^!input-widened: .*permissions boundary.*Oops/m);
        const narrower = changes(bucket, base);
        assert.match(narrower.join("\n"), /^input-narrowed: .*permissions boundary.*another-teams-bucket/m);
    });
});
