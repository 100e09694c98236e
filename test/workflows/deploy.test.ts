/**
 * The deploy cannot apply a change the policy pack refuses. The pack's rules
 * are stack policies, which the engine runs when every step of an operation is
 * done: in a preview nothing has changed yet, after an update everything has.
 * So every `pulumi up` of the workflows comes after a `pulumi preview` of the
 * same stack with the pack in the same job (a failing preview ends the job;
 * nothing lets it go on), runs with the pack itself, and is never
 * `--skip-preview` (its own preview with the pack runs before it applies).
 * pulumi/actions only installs the CLI: `command: up` runs
 * `up --yes --skip-preview`. The post-deploy report is uploaded even when the
 * test fails, and nothing else but public or build files is uploaded.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { copy, loadWorkflows, stepsOf, usesAction, where, workflow, type StepAt, type Workflow } from "./load";

const PREVIEW = /^pulumi preview\b/m;
const UP = /^pulumi up\b/m;

function stackArg(run: string): string | undefined {
    return /--stack\s+("[^"]*"|\S+)/.exec(run)?.[1];
}

function pulumiRunProblems(ws: readonly Workflow[]): string[] {
    const steps = stepsOf(ws);
    const problems = steps
        .filter((s) => [s.step.run ?? "", ...Object.values(s.step.with ?? {}).map(String)].some((v) => v.includes("--skip-preview")))
        .map((s) => `${where(s)}: --skip-preview`);
    for (const s of steps.filter((x) => x.step.run !== undefined && (PREVIEW.test(x.step.run) || UP.test(x.step.run)))) {
        const run = s.step.run ?? "";
        if (!/--policy-pack policies\b/.test(run)) problems.push(`${where(s)}: pulumi without --policy-pack policies`);
        if (!stackArg(run)) problems.push(`${where(s)}: pulumi without --stack`);
        if (!UP.test(run)) continue;
        const preview = steps.find(
            (p) =>
                p.workflow === s.workflow &&
                p.jobId === s.jobId &&
                p.index < s.index &&
                PREVIEW.test(p.step.run ?? "") &&
                /--policy-pack policies\b/.test(p.step.run ?? "") &&
                stackArg(p.step.run ?? "") === stackArg(run),
        );
        if (!preview) problems.push(`${where(s)}: pulumi up without an earlier pulumi preview of its stack with the pack`);
        else if (preview.step["continue-on-error"] !== undefined || preview.step.if !== undefined || s.step.if !== undefined) {
            problems.push(`${where(s)}: the preview's failure does not stop the up (continue-on-error or if)`);
        }
    }
    for (const s of steps.filter((x) => usesAction(x.step, "pulumi/actions"))) {
        if (s.step.with?.["command"] !== undefined) problems.push(`${where(s)}: pulumi/actions runs a command (up there is --skip-preview)`);
        problems.push(...cliVersionProblems(s, steps));
    }
    return problems;
}

/** pulumi/actions installs the version scripts/pulumi-cli-version.mjs printed earlier in the job. */
function cliVersionProblems(s: StepAt, steps: readonly StepAt[]): string[] {
    const id = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.version\s*\}\}$/.exec(String(s.step.with?.["pulumi-version"] ?? ""))?.[1];
    const source = steps.find((p) => p.workflow === s.workflow && p.jobId === s.jobId && p.index < s.index && p.step.id === id);
    return source?.step.run?.trim() === 'node scripts/pulumi-cli-version.mjs >> "$GITHUB_OUTPUT"'
        ? []
        : [`${where(s)}: pulumi-version is not the output of scripts/pulumi-cli-version.mjs earlier in the job`];
}

/**
 * What the workflows may upload: build output (the bundle; a release's bundle, checksums and notes), the diff,
 * the post-deploy report, public ciphertext.
 */
const UPLOADS = ["dist/pull-config.cjs", "dist/", "permissions-diff/", "postdeploy.xml", "sealed/${{ inputs.stack }}/"];

function uploadProblems(ws: readonly Workflow[]): string[] {
    const steps = stepsOf(ws);
    const problems = steps
        .filter((s) => usesAction(s.step, "actions/upload-artifact"))
        .flatMap((s) => {
            const path = String(s.step.with?.["path"] ?? "");
            const hidden = String(s.step.with?.["include-hidden-files"] ?? "false") !== "false";
            return UPLOADS.includes(path) && !hidden ? [] : [`${where(s)}: uploads ${path}${hidden ? " with hidden files" : ""}`];
        });
    const post = steps.find((s) => s.workflow.file === "deploy-stack.yml" && s.step.run?.includes("npm run postdeploy"));
    if (!post?.step.run?.includes("--junit postdeploy.xml")) problems.push("deploy-stack.yml: the post-deploy test writes no postdeploy.xml");
    const junit = steps.find(
        (s) =>
            post &&
            s.workflow === post.workflow &&
            s.jobId === post.jobId &&
            s.index > post.index &&
            usesAction(s.step, "actions/upload-artifact") &&
            s.step.with?.["path"] === "postdeploy.xml",
    );
    if (!junit?.step.if?.includes("always()")) problems.push("deploy-stack.yml: postdeploy.xml is not uploaded after the test whatever its outcome (always())");
    return problems;
}

describe("the deploy runs the policy pack before the change", () => {
    const ws = loadWorkflows();

    it("every pulumi up: after a preview of its stack with the pack in its job, with the pack, never --skip-preview", () => {
        assert.ok(
            stepsOf(ws).some((s) => s.workflow.file === "deploy-stack.yml" && UP.test(s.step.run ?? "")),
            "deploy-stack.yml runs pulumi up",
        );
        assert.deepEqual(pulumiRunProblems(ws), []);
    });

    it("the old pulumi/actions `command: up` is found", () => {
        const reverted = copy(ws);
        const steps = workflow(reverted, "deploy-stack.yml").doc.jobs["up"]?.steps ?? [];
        const action = steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.ok(action);
        action.with = { command: "up", "stack-name": "${{ inputs.stack }}", policyPacks: "policies", diff: true };
        const withoutCli = steps.filter((s) => !PREVIEW.test(s.run ?? "") && !UP.test(s.run ?? ""));
        workflow(reverted, "deploy-stack.yml").doc.jobs["up"] = { ...workflow(reverted, "deploy-stack.yml").doc.jobs["up"], steps: withoutCli };
        const found = pulumiRunProblems(reverted).join("\n");
        assert.match(found, /pulumi\/actions runs a command/);
        assert.match(found, /pulumi-version is not the output of scripts\/pulumi-cli-version.mjs/);
    });

    it("an up before its preview, a preview allowed to fail, --skip-preview are found", () => {
        const reverted = copy(ws);
        const steps = workflow(reverted, "deploy-stack.yml").doc.jobs["up"]?.steps ?? [];
        const preview = steps.findIndex((s) => PREVIEW.test(s.run ?? ""));
        const up = steps.findIndex((s) => UP.test(s.run ?? ""));
        const [p, u] = [steps[preview], steps[up]];
        assert.ok(p && u && preview < up);
        [steps[preview], steps[up]] = [u, p];
        assert.match(pulumiRunProblems(reverted).join("\n"), /pulumi up without an earlier pulumi preview of its stack/);
        [steps[preview], steps[up]] = [p, u];
        p["continue-on-error"] = true;
        assert.match(pulumiRunProblems(reverted).join("\n"), /the preview's failure does not stop the up/);
        p["continue-on-error"] = undefined;
        u.run = u.run?.replace("pulumi up --yes", "pulumi up --yes --skip-preview");
        assert.deepEqual(
            pulumiRunProblems(reverted).map((x) => x.replace(/ step \d+/, "")),
            ["deploy-stack.yml job up: --skip-preview"],
        );
    });

    it("the post-deploy JUnit report is uploaded also on failure; only build, diff, report and ciphertext files are uploaded", () => {
        assert.deepEqual(uploadProblems(ws), []);
        const reverted = copy(ws);
        const steps = workflow(reverted, "deploy-stack.yml").doc.jobs["up"]?.steps ?? [];
        const junit = steps.find((s) => s.with?.["path"] === "postdeploy.xml");
        assert.ok(junit);
        junit.if = "success()";
        steps.push({ uses: "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", with: { name: "debug", path: "${{ runner.temp }}" } });
        assert.deepEqual(
            uploadProblems(reverted).map((p) => p.replace(/ step \d+/, "")),
            [
                "deploy-stack.yml job up: uploads ${{ runner.temp }}",
                "deploy-stack.yml: postdeploy.xml is not uploaded after the test whatever its outcome (always())",
            ],
        );
    });
});
