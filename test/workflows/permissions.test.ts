/**
 * Least privilege for the workflows' GITHUB_TOKEN and checkouts: no workflow
 * grants anything at the top (`permissions: {}`), each job lists exactly what
 * it needs (the table below is the review point: widening a job means
 * changing it), `id-token: write` only where an AWS role is assumed or a
 * build provenance attestation is signed, no
 * checkout leaves the token in .git/config for later steps, and every job
 * has a timeout.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { copy, loadWorkflows, stepsOf, usesAction, where, workflow, type Job, type Workflow } from "./load";

const AWS_OIDC = { contents: "read", "id-token": "write" };

/** workflow → job → the permissions it may have, exactly. */
const EXPECTED: Record<string, Record<string, Record<string, string>>> = {
    "deploy.yml": { "pull-config": { contents: "read" }, staging: AWS_OIDC, prod: AWS_OIDC },
    "deploy-stack.yml": { up: AWS_OIDC },
    "permissions-comment.yml": { comment: { contents: "read", actions: "read", "pull-requests": "write" } },
    "preview.yml": { preview: AWS_OIDC, fork: {} },
    "pull-request.yml": { offline: { contents: "read" } },
    "release.yml": { build: { contents: "read" }, attest: { "id-token": "write", attestations: "write" }, publish: { contents: "write" } },
};

/** A job assumes an AWS role itself or calls a workflow that does. */
function assumesAwsRole(job: Job): boolean {
    return (job.steps ?? []).some((s) => usesAction(s, "aws-actions/configure-aws-credentials")) || job.uses === "./.github/workflows/deploy-stack.yml";
}

/** A job signs an attestation (its Sigstore certificate is issued for the job's OIDC token). */
function signsAttestation(job: Job): boolean {
    return (job.steps ?? []).some((s) => usesAction(s, "actions/attest"));
}

function permissionProblems(ws: readonly Workflow[]): string[] {
    const problems: string[] = [];
    for (const w of ws) {
        const top = w.doc.permissions;
        if (typeof top !== "object" || Object.keys(top).length > 0) problems.push(`${w.file}: top-level permissions are not {}`);
        const expected = EXPECTED[w.file];
        if (!expected) problems.push(`${w.file}: not in the table of expected permissions`);
        for (const [jobId, job] of Object.entries(w.doc.jobs)) {
            const at = where({ workflow: w, jobId });
            if (typeof job.permissions !== "object") {
                problems.push(`${at}: permissions ${JSON.stringify(job.permissions ?? "(inherited)")}, not a list of scopes`);
                continue;
            }
            if (expected && JSON.stringify(sorted(job.permissions)) !== JSON.stringify(sorted(expected[jobId] ?? {}))) {
                problems.push(`${at}: permissions ${JSON.stringify(job.permissions)}, expected ${JSON.stringify(expected[jobId] ?? {})}`);
            }
            if (job.permissions["id-token"] === "write" && !assumesAwsRole(job) && !signsAttestation(job)) {
                problems.push(`${at}: id-token: write without an AWS role or an attestation`);
            }
        }
    }
    return problems;
}

function sorted(p: Record<string, string>): [string, string][] {
    return Object.entries(p).sort(([a], [b]) => a.localeCompare(b));
}

function checkoutProblems(ws: readonly Workflow[]): string[] {
    return stepsOf(ws)
        .filter((s) => usesAction(s.step, "actions/checkout"))
        .filter((s) => String(s.step.with?.["persist-credentials"]) !== "false")
        .map((s) => `${where(s)}: checkout without persist-credentials: false`);
}

function timeoutProblems(ws: readonly Workflow[]): string[] {
    return ws.flatMap((w) =>
        Object.entries(w.doc.jobs)
            .filter(([, j]) => j.steps !== undefined && j["timeout-minutes"] === undefined)
            .map(([jobId]) => `${where({ workflow: w, jobId })}: no timeout-minutes`),
    );
}

describe("workflow permissions", () => {
    const ws = loadWorkflows();

    it("top-level {}, each job exactly its table entry, id-token only with an AWS role", () => {
        assert.deepEqual(Object.keys(EXPECTED).sort(), ws.map((w) => w.file).sort());
        assert.deepEqual(permissionProblems(ws), []);
    });

    it("every checkout drops its credentials; every job with steps has a timeout", () => {
        assert.ok(stepsOf(ws).filter((s) => usesAction(s.step, "actions/checkout")).length >= 5);
        assert.deepEqual(checkoutProblems(ws), []);
        assert.deepEqual(timeoutProblems(ws), []);
    });

    it("the old workflow-wide grants, a widened job, a stray id-token, a credential-keeping checkout are found", () => {
        const reverted = copy(ws);
        const deploy = workflow(reverted, "deploy-stack.yml").doc;
        deploy.permissions = { contents: "read", "id-token": "write" };
        const comment = workflow(reverted, "permissions-comment.yml").doc.jobs["comment"];
        const offline = workflow(reverted, "pull-request.yml").doc.jobs["offline"];
        assert.ok(comment && offline);
        comment.permissions = { ...(comment.permissions as Record<string, string>), contents: "write" };
        offline.permissions = { contents: "read", "id-token": "write" };
        const found = permissionProblems(reverted).join("\n");
        assert.match(found, /deploy-stack.yml: top-level permissions are not \{\}/);
        assert.match(found, /job comment: permissions .*"contents":"write"/);
        assert.match(found, /job offline: id-token: write without an AWS role or an attestation/);

        const checkout = offline.steps?.[0];
        assert.ok(checkout?.with);
        delete checkout.with["persist-credentials"];
        delete offline["timeout-minutes"];
        assert.deepEqual(checkoutProblems(reverted), ["pull-request.yml job offline step 1: checkout without persist-credentials: false"]);
        assert.deepEqual(timeoutProblems(reverted), ["pull-request.yml job offline: no timeout-minutes"]);
    });
});
