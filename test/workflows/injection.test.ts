/**
 * No expression is pasted into a script. `${{ … }}` is substituted into the
 * text of a `run:` (or a github-script `script:`) before the shell or Node
 * reads it, so a branch name, a PR title or a reusable workflow's input could
 * become code; the workflows pass every such value through `env:` and the
 * script reads the variable.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { copy, loadWorkflows, stepsOf, usesAction, where, workflow, type Workflow } from "./load";

function injectionProblems(ws: readonly Workflow[]): string[] {
    return stepsOf(ws).flatMap((s) => {
        const script = s.step.run ?? (usesAction(s.step, "actions/github-script") ? String(s.step.with?.["script"] ?? "") : "");
        return script.includes("${{") ? [`${where(s)}: an expression inside the script (${/\$\{\{[^}]*\}\}/.exec(script)?.[0] ?? "${{"})`] : [];
    });
}

describe("no expression inside a workflow script", () => {
    const ws = loadWorkflows();

    it("no run: and no github-script script: contains ${{ }}", () => {
        assert.ok(stepsOf(ws).filter((s) => s.step.run !== undefined).length >= 10);
        assert.deepEqual(injectionProblems(ws), []);
    });

    it("the old interpolations (the PR number, the stack input) are found", () => {
        const reverted = copy(ws);
        const steps = workflow(reverted, "pull-request.yml").doc.jobs["offline"]?.steps ?? [];
        const diff = steps.find((s) => s.run?.includes("permissions:diff"));
        const post = workflow(reverted, "deploy-stack.yml").doc.jobs["up"]?.steps?.find((s) => s.id === "postdeploy");
        assert.ok(diff?.run && post?.run);
        diff.run = diff.run.replace('"$PR_NUMBER"', '"${{ github.event.pull_request.number }}"');
        post.run = post.run.replace('--stack "$STACK"', '--stack "${{ inputs.stack }}"');
        assert.deepEqual(
            injectionProblems(reverted).map((p) => p.replace(/ step \d+/, "")),
            [
                "deploy-stack.yml job up: an expression inside the script (${{ inputs.stack }})",
                "pull-request.yml job offline: an expression inside the script (${{ github.event.pull_request.number }})",
            ],
        );
    });
});
