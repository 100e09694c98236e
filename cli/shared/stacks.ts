/**
 * The stacks of a project: its Pulumi.<stack>.yaml files. Apart from the stack files' reader (yaml, the
 * config schema) so a command can refuse an unknown --stack before it loads them.
 */
import * as fs from "node:fs";
import { UsageError } from "./cli-error";
import { describeFsError } from "./fs-error";

/** Stacks with a Pulumi.<stack>.yaml in `projectDir`. */
export function knownStacks(projectDir: string): string[] {
    let files: string[];
    try {
        files = fs.readdirSync(projectDir);
    } catch (e) {
        throw new UsageError(`--cwd ${projectDir}: cannot list the project directory: ${describeFsError(e)}`);
    }
    return files
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** A `--stack` without its Pulumi.<stack>.yaml in `projectDir` is a UsageError (exit 2) naming the stacks there are. */
export function assertKnownStack(projectDir: string, stack: string): void {
    const known = knownStacks(projectDir);
    if (!known.includes(stack)) {
        throw new UsageError(`--stack ${stack}: no Pulumi.${stack}.yaml in ${projectDir} (stacks: ${known.join(", ") || "none"})`);
    }
}
