/**
 * What pull request code can reach. Workflows run on `pull_request` (the PR's
 * code with a read-only token), never `pull_request_target` (the base
 * repository's token and secrets). A job that hands PR code a secret runs only
 * for pull requests from this repository and only in a GitHub environment,
 * where the secrets live and reviewers can be required: the prod preview in
 * `prod-preview`. The opt-in escalation gate runs after the diff's upload, so
 * the comment still shows what escalated, and the comment follows failed runs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { copy, jobEnvironment, loadWorkflows, SECRET, stepInputs, triggers, where, workflow, type Workflow } from "./load";

const SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository";

function secretJobProblems(ws: readonly Workflow[]): string[] {
    const problems = ws.filter((w) => triggers(w).includes("pull_request_target")).map((w) => `${w.file}: runs on pull_request_target`);
    for (const w of ws.filter((x) => triggers(x).includes("pull_request"))) {
        for (const [jobId, job] of Object.entries(w.doc.jobs)) {
            if (!(job.steps ?? []).some((s) => stepInputs(s).some((v) => SECRET.test(v)))) continue;
            const at = where({ workflow: w, jobId });
            if (!jobEnvironment(job)) problems.push(`${at}: secrets without a GitHub environment`);
            if (!job.if?.includes(SAME_REPOSITORY)) problems.push(`${at}: secrets without "${SAME_REPOSITORY}"`);
        }
    }
    return problems;
}

/** The stacks each PR job previews, with the environment it runs in. */
function previewEnvironments(ws: readonly Workflow[]): string[] {
    const job = workflow(ws, "preview.yml").doc.jobs["preview"];
    const stacks = job?.strategy?.matrix?.["stack"];
    const env = job ? jobEnvironment(job) : undefined;
    return Array.isArray(stacks) && env ? stacks.map((s) => env.replace("${{ matrix.stack }}", String(s))) : [];
}

function escalationGateProblems(ws: readonly Workflow[]): string[] {
    const steps = workflow(ws, "pull-request.yml").doc.jobs["offline"]?.steps ?? [];
    const upload = steps.findIndex((s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.["name"] === "permissions-diff");
    const gate = steps.findIndex((s) => s.if === "vars.FAIL_ON_ESCALATION == 'true'" && /permissions:diff .*--fail-on-escalation/.test(s.run ?? ""));
    const problems: string[] = [];
    if (gate < 0) problems.push("pull-request.yml: no permissions:diff --fail-on-escalation behind vars.FAIL_ON_ESCALATION == 'true'");
    else if (gate < upload) problems.push("pull-request.yml: the escalation gate runs before the diff is uploaded");
    const comment = workflow(ws, "permissions-comment.yml").doc.jobs["comment"]?.if ?? "";
    if (!comment.includes("github.event.workflow_run.conclusion == 'failure'")) problems.push("permissions-comment.yml: no comment after a failed run");
    return problems;
}

describe("pull request code and secrets", () => {
    const ws = loadWorkflows();

    it("no pull_request_target; a PR job with secrets: an environment, this repository's PRs only", () => {
        assert.ok(ws.some((w) => triggers(w).includes("pull_request")));
        assert.deepEqual(secretJobProblems(ws), []);
    });

    it("the prod preview runs in the prod-preview environment, staging's in staging-preview", () => {
        assert.deepEqual(previewEnvironments(ws), ["staging-preview", "prod-preview"]);
    });

    it("the old preview job (repository secrets, forks included) and pull_request_target are found", () => {
        const reverted = copy(ws);
        const job = workflow(reverted, "preview.yml").doc.jobs["preview"];
        assert.ok(job);
        delete job.environment;
        delete job.if;
        workflow(reverted, "pull-request.yml").doc.on = { pull_request_target: null };
        assert.deepEqual(secretJobProblems(reverted), [
            "pull-request.yml: runs on pull_request_target",
            "preview.yml job preview: secrets without a GitHub environment",
            `preview.yml job preview: secrets without "${SAME_REPOSITORY}"`,
        ]);
        assert.deepEqual(previewEnvironments(reverted), []);
    });

    it("the escalation gate is opt-in and after the upload; the comment follows failed runs", () => {
        assert.deepEqual(escalationGateProblems(ws), []);
        const reverted = copy(ws);
        const steps = workflow(reverted, "pull-request.yml").doc.jobs["offline"]?.steps ?? [];
        const gate = steps.pop();
        assert.ok(gate);
        steps.unshift(gate);
        const comment = workflow(reverted, "permissions-comment.yml").doc.jobs["comment"];
        assert.ok(comment);
        comment.if = "github.event.workflow_run.conclusion == 'success'";
        assert.deepEqual(escalationGateProblems(reverted), [
            "pull-request.yml: the escalation gate runs before the diff is uploaded",
            "permissions-comment.yml: no comment after a failed run",
        ]);
        delete gate.if;
        assert.match(escalationGateProblems(reverted)[0] ?? "", /no permissions:diff --fail-on-escalation behind vars.FAIL_ON_ESCALATION/);
    });
});
