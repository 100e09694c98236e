/**
 * What `permissions:diff` does once its arguments are good: plan every stack at both sides and diff their
 * matrices. Loaded by main.ts after parsing, so `--help` starts without the providers' facts.
 */
import { UsageError } from "../shared/cli-error";
import { diffMatrices, type EnvironmentDiff } from "./diff";
import { EMPTY_MATRIX, matrixFromPlan, type PermissionMatrix } from "./matrix";
import { exportRef, planJson, stacksOf, workingTree, type SourceTree } from "./plan-tree";
import type { DiffReport } from "./render";

export interface Options {
    base: string;
    json?: boolean;
    stacks?: string;
    cwd: string;
    failOnEscalation?: boolean;
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
