/**
 * Every action a workflow runs is pinned by its full commit SHA, with the
 * version in a comment (what Dependabot moves and a reviewer reads), the same
 * pin wherever the action is used. A tag or a branch can be moved under the
 * workflow by whoever controls the action's repository; a commit cannot.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { actionName, copy, loadWorkflows, stepsOf, where, workflow, type Workflow } from "./load";

const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_./-]+)?@[0-9a-f]{40}$/;

/** Every `uses:` of the workflows, local workflows and actions (./…) aside. */
function remoteUses(ws: readonly Workflow[]): { workflow: Workflow; at: string; uses: string }[] {
    const jobs = ws.flatMap((w) =>
        Object.entries(w.doc.jobs)
            .filter(([, j]) => j.uses !== undefined)
            .map(([jobId, j]) => ({ workflow: w, at: where({ workflow: w, jobId }), uses: j.uses ?? "" })),
    );
    const steps = stepsOf(ws)
        .filter((s) => s.step.uses !== undefined)
        .map((s) => ({ workflow: s.workflow, at: where(s), uses: s.step.uses ?? "" }));
    return [...jobs, ...steps].filter((u) => !u.uses.startsWith("./"));
}

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The version comment on the `uses:` line, from the file's text (YAML values carry no comments). */
function versionComment(w: Workflow, uses: string): string | undefined {
    const line = new RegExp(`^\\s*(-\\s+)?uses:\\s*${escapeRegExp(uses)}\\s+#\\s*(v\\d+\\.\\d+\\.\\d+)\\s*$`, "m");
    return line.exec(w.text)?.[2];
}

function pinningProblems(ws: readonly Workflow[]): string[] {
    const problems: string[] = [];
    const pins = new Map<string, string>();
    for (const u of remoteUses(ws)) {
        if (!PINNED.test(u.uses)) {
            problems.push(`${u.at}: ${u.uses} is not pinned by a 40-hex commit SHA`);
            continue;
        }
        const version = versionComment(u.workflow, u.uses);
        if (!version) problems.push(`${u.at}: ${u.uses} has no "# vX.Y.Z" comment on its line`);
        const pin = `${u.uses} # ${version ?? "?"}`;
        const seen = pins.get(actionName(u.uses));
        if (seen !== undefined && seen !== pin) problems.push(`${u.at}: ${pin}, elsewhere ${seen}`);
        pins.set(actionName(u.uses), pin);
    }
    return problems;
}

describe("workflow actions are pinned by commit", () => {
    const ws = loadWorkflows();

    it("every remote action: a 40-hex SHA with its version in a comment, one pin per action", () => {
        assert.ok(remoteUses(ws).length >= 10, "the workflows use actions");
        assert.deepEqual(pinningProblems(ws), []);
    });

    it("a tag, a missing comment or two pins of one action are found", () => {
        const tag = copy(ws);
        const step = workflow(tag, "deploy.yml").doc.jobs["pull-config"]?.steps?.[0];
        assert.ok(step);
        step.uses = "actions/checkout@v7";
        assert.match(pinningProblems(tag).join("\n"), /actions\/checkout@v7 is not pinned/);

        const noComment = ws.map((w) => ({ ...w, text: w.text.replace(/(uses: actions\/setup-node@[0-9a-f]{40}) # v[\d.]+/g, "$1") }));
        assert.match(pinningProblems(noComment).join("\n"), /setup-node@[0-9a-f]{40} has no "# vX.Y.Z" comment/);

        const two = copy(ws);
        const other = workflow(two, "pull-request.yml").doc.jobs["offline"]?.steps?.[0];
        assert.ok(other);
        other.uses = "actions/checkout@0000000000000000000000000000000000000000";
        const text = two.map((w) =>
            w.file === "pull-request.yml"
                ? {
                      ...w,
                      text: w.text.replace(/actions\/checkout@[0-9a-f]{40} # v7.0.1/, "actions/checkout@0000000000000000000000000000000000000000 # v6.0.0"),
                  }
                : w,
        );
        assert.match(pinningProblems(text).join("\n"), /actions\/checkout@0{40} # v6.0.0, elsewhere/);
    });
});
