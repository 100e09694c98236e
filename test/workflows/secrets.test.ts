/**
 * Secrets reach only the steps that use them. Never a workflow's or a job's
 * env (every step, every install script and every action would see them),
 * never an install step or an action's step, and no install runs once cloud
 * credentials are in the job's environment (configure-aws-credentials exports
 * them to every later step). In a job that holds secrets npm runs no install
 * scripts (a dependency's postinstall is code from the registry) and restores
 * no dependency cache.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { copy, INSTALL, loadWorkflows, SECRET, stepInputs, stepsOf, usesAction, where, workflow, type Workflow } from "./load";

function broadEnvProblems(ws: readonly Workflow[]): string[] {
    const problems: string[] = [];
    for (const w of ws) {
        if (Object.values(w.doc.env ?? {}).some((v) => SECRET.test(String(v)))) problems.push(`${w.file}: a secret in the workflow's env`);
        for (const [jobId, job] of Object.entries(w.doc.jobs)) {
            if (Object.values(job.env ?? {}).some((v) => SECRET.test(String(v)))) problems.push(`${w.file} job ${jobId}: a secret in the job's env`);
        }
    }
    return problems;
}

function installAndActionProblems(ws: readonly Workflow[]): string[] {
    return stepsOf(ws).flatMap((s) => {
        const secret = stepInputs(s.step).some((v) => SECRET.test(v));
        if (secret && s.step.run !== undefined && INSTALL.test(s.step.run)) return [`${where(s)}: an install step with a secret in its env`];
        if (secret && s.step.uses !== undefined) return [`${where(s)}: ${s.step.uses} is handed a secret`];
        return [];
    });
}

function installScriptProblems(ws: readonly Workflow[]): string[] {
    const steps = stepsOf(ws);
    return steps
        .filter((s) => s.step.run !== undefined && /\bnpm (ci|install|i)\b/.test(s.step.run) && !s.step.run.includes("--ignore-scripts"))
        .filter((s) => steps.some((o) => o.workflow === s.workflow && o.jobId === s.jobId && stepInputs(o.step).some((v) => SECRET.test(v))))
        .map((s) => `${where(s)}: npm installs with install scripts in a job that holds secrets`);
}

function installAfterCredentialsProblems(ws: readonly Workflow[]): string[] {
    const steps = stepsOf(ws);
    return steps
        .filter((s) => usesAction(s.step, "aws-actions/configure-aws-credentials"))
        .flatMap((cred) =>
            steps
                .filter((s) => s.workflow === cred.workflow && s.jobId === cred.jobId && s.index > cred.index)
                .filter(
                    (s) =>
                        (s.step.run !== undefined && INSTALL.test(s.step.run)) || ["pulumi/actions", "actions/setup-node"].some((a) => usesAction(s.step, a)),
                )
                .map((s) => `${where(s)}: an install after the AWS credentials are in the environment`),
        );
}

/** A job that holds secrets restores no dependency cache (what another run saved). */
function cacheProblems(ws: readonly Workflow[]): string[] {
    const steps = stepsOf(ws);
    return steps
        .filter((s) => usesAction(s.step, "actions/setup-node"))
        .filter((s) => steps.some((o) => o.workflow === s.workflow && o.jobId === s.jobId && stepInputs(o.step).some((v) => SECRET.test(v))))
        .filter((s) => s.step.with?.["cache"] !== undefined || String(s.step.with?.["package-manager-cache"]) !== "false")
        .map((s) => `${where(s)}: a dependency cache in a job that holds secrets`);
}

function problems(ws: readonly Workflow[]): string[] {
    return [
        ...broadEnvProblems(ws),
        ...installAndActionProblems(ws),
        ...installScriptProblems(ws),
        ...installAfterCredentialsProblems(ws),
        ...cacheProblems(ws),
    ];
}

describe("workflow secrets are scoped to the steps that use them", () => {
    const ws = loadWorkflows();

    it("none in a workflow's or a job's env, an install's or an action's step; installs before the credentials, without scripts, no cache", () => {
        assert.ok(
            stepsOf(ws).some((s) => stepInputs(s.step).some((v) => SECRET.test(v))),
            "the workflows use secrets",
        );
        assert.deepEqual(problems(ws), []);
    });

    it("the deploy job's old job-level env is found", () => {
        const reverted = copy(ws);
        const job = workflow(reverted, "deploy-stack.yml").doc.jobs["up"];
        assert.ok(job);
        job.env = { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" };
        assert.deepEqual(broadEnvProblems(reverted), ["deploy-stack.yml job up: a secret in the job's env"]);
    });

    it("a secret on npm ci, on an action, npm ci with scripts, an install after the credentials, a cache are found", () => {
        const reverted = copy(ws);
        const steps = workflow(reverted, "deploy-stack.yml").doc.jobs["up"]?.steps ?? [];
        const install = steps.find((s) => s.run?.startsWith("npm ci"));
        const pulumi = steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.ok(install && pulumi);
        install.env = { B2_APPLICATION_KEY: "${{ secrets.B2_APPLICATION_KEY }}" };
        install.run = "npm ci --no-audit --no-fund";
        pulumi.env = { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" };
        steps.push({ run: "npm install left-pad" });
        const node = steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
        assert.ok(node);
        node.with = { "node-version-file": ".node-version", cache: "npm" };
        const found = problems(reverted).join("\n");
        assert.match(found, /an install step with a secret in its env/);
        assert.match(found, /pulumi\/actions@[0-9a-f]{40} is handed a secret/);
        assert.match(found, /npm installs with install scripts in a job that holds secrets/);
        assert.match(found, /an install after the AWS credentials are in the environment/);
        assert.match(found, /a dependency cache in a job that holds secrets/);
    });
});
