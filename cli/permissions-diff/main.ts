/**
 * `npm run permissions:diff -- --base <git-ref> [--json] [--stacks staging,prod] [--fail-on-escalation]`
 * The permission matrix of every stack at the base ref and in the working
 * tree, computed offline (each tree's own plan under Pulumi mocks: no cloud
 * account, so it runs for pull requests from forks), and what changed.
 * Exit codes: 0 diff printed (escalations are for reviewers, not a failure,
 * unless --fail-on-escalation), 1 a plan failed (e.g. an invalid stack file at
 * either side) or, with --fail-on-escalation, an escalation was found, 2 usage.
 */
import { UsageError } from "../shared/cli-error";
import { defineCommand, finishCommand, runCommand } from "../shared/command";
import { EXIT_FINDINGS, EXIT_OK } from "../shared/exit-codes";
import { diffMatrices, type EnvironmentDiff } from "./diff";
import { EMPTY_MATRIX, matrixFromPlan, type PermissionMatrix } from "./matrix";
import { exportRef, planJson, stacksOf, workingTree, type SourceTree } from "./plan-tree";
import { renderMarkdown, reportJson, type DiffReport } from "./render";

interface Options {
    base: string;
    json?: boolean;
    stacks?: string;
    cwd: string;
    failOnEscalation?: boolean;
}

function parseArgs(argv: readonly string[]): Options {
    const program = defineCommand(
        "permissions:diff",
        "What a change does to permissions: each stack's permission matrix at --base and in the working tree, offline.",
        "a stack's offline plan failed at either side (e.g. an invalid stack file: its message is shown), " +
            "or with --fail-on-escalation the diff (printed in full) has at least one escalation. " +
            "Without that flag a printed diff exits 0, escalations or not: reviewers judge them",
    )
        .requiredOption("--base <git-ref>", "commit, branch or tag to compare against (e.g. origin/main)")
        .option("--json", "print the diff as JSON instead of Markdown")
        .option("--stacks <list>", "comma-separated stacks (default: every Pulumi.<stack>.yaml at either side)")
        .option("--cwd <dir>", "repository root", process.cwd())
        .option("--fail-on-escalation", "exit 1 when the diff has at least one escalation (for a required check); the diff is printed either way");
    finishCommand(program, "permissions:diff", [
        { what: "what this branch changes, as the Markdown of the PR comment", args: "--base origin/main" },
        { what: "one stack, as JSON", args: "--base origin/main --stacks prod --json" },
        { what: "as a required check: exit 1 on an escalation (the diff printed either way)", args: "--base origin/main --fail-on-escalation" },
    ]);
    program.parse([...argv], { from: "user" });
    return program.opts<Options>();
}

/** The stack's matrix in `tree`; empty when the tree has no such stack (an environment added or removed). */
async function matrixOf(tree: SourceTree, stack: string): Promise<PermissionMatrix> {
    if (!stacksOf(tree.dir).includes(stack)) return EMPTY_MATRIX(stack);
    return matrixFromPlan(await planJson(tree, stack), `plan of ${stack} at ${tree.label}`);
}

async function matricesOf(tree: SourceTree, stacks: readonly string[]): Promise<PermissionMatrix[]> {
    const out: PermissionMatrix[] = [];
    for (const stack of stacks) out.push(await matrixOf(tree, stack)); // one at a time: each plan rebuilds the tree's .build/
    return out;
}

export async function permissionsDiff(options: Options): Promise<DiffReport> {
    const log = (line: string): void => void process.stderr.write(`permissions:diff: ${line}\n`);
    const head = workingTree(options.cwd);
    const base = await exportRef(options.cwd, options.base, log);
    try {
        const stacks =
            options.stacks !== undefined
                ? options.stacks
                      .split(",")
                      .map((s) => s.trim())
                      .filter((s) => s !== "")
                : [...new Set([...stacksOf(base.dir), ...stacksOf(head.dir)])].sort(byEnvironmentOrder);
        const unknown = stacks.filter((s) => !stacksOf(base.dir).includes(s) && !stacksOf(head.dir).includes(s));
        if (unknown.length) throw new UsageError(`--stacks: no Pulumi.<stack>.yaml for ${unknown.join(", ")} at either side`);
        // The two trees are independent: plan them side by side.
        const [before, after] = await Promise.all([matricesOf(base, stacks), matricesOf(head, stacks)]);
        const environments: EnvironmentDiff[] = stacks.map((_, i) => diffMatrices(before[i]!, after[i]!));
        return { base: options.base, head: head.label, environments };
    } finally {
        base.cleanup();
    }
}

/** staging before prod, the way people read them; others by name. */
function byEnvironmentOrder(a: string, b: string): number {
    const rank = (s: string): number => (s === "staging" ? 0 : s === "prod" ? 1 : 2);
    return rank(a) - rank(b) || a.localeCompare(b);
}

/** The command, given its arguments (after `permissions-diff`); cli/main.ts runs it as `backup-remotes permissions-diff`. */
export async function main(args: readonly string[]): Promise<number> {
    const options = parseArgs(args);
    const report = await permissionsDiff(options);
    const json = reportJson(report);
    process.stdout.write(options.json ? JSON.stringify(json, null, 2) + "\n" : renderMarkdown(report));
    return options.failOnEscalation === true && json.escalations > 0 ? EXIT_FINDINGS : EXIT_OK;
}

if (require.main === module) runCommand("permissions:diff", () => main(process.argv.slice(2)));
