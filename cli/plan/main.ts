/**
 * `npm run plan -- --stack <env> [--json] [--state <file>] [--sealed-host <host> --out <file>]`: the real
 * program under Pulumi's mock runtime, printed with every secret replaced by "[secret]".
 */
import { UsageError } from "../shared/cli-error";
import { defineCommand, finishCommand, runCommand } from "../shared/command";
import type * as Execute from "./execute";
import type { PlanCommandOptions as Options } from "./execute";
import { assertKnownStack } from "../shared/stacks";

/** The command, given its arguments (after `plan`); cli/main.ts runs it as `backup-remotes plan`. */
export async function main(args: readonly string[]): Promise<number> {
    const program = defineCommand(
        "plan",
        "Show what `pulumi up -s <stack>` would create, offline (no cloud account, no Pulumi CLI).",
        "an invalid stack file or config (every problem listed), deployer credentials the program refuses, or an unusable --state file",
    )
        .requiredOption("--stack <name>", "stack to plan (a Pulumi.<name>.yaml beside Pulumi.yaml)")
        .option("--json", "print one JSON object {stack, resources, outputs, sections[, sealing]}")
        .option(
            "--state <file>",
            "keep the sealed host files' state in this file (0600) between plans, as the Pulumi " +
                "backend does between previews: unchanged hosts keep their sealed file; without it every file is sealed afresh",
        )
        .option("--sealed-host <host>", "write this host's sealed file (its entry of sealedHosts) to --out instead of printing the plan")
        .option("--out <file>", "where --sealed-host writes the file (0644: ciphertext, public)")
        .option("--cwd <dir>", "project directory", process.cwd());
    finishCommand(program, "plan", [
        { what: "the plan as text: resources, permissions, quotas, sections, host jobs", args: "--stack staging" },
        { what: 'the same as one JSON object, secrets as "[secret]"', args: "--stack prod --json" },
        { what: "one host's sealed file, offline (the stack sets hostKeys)", args: "--stack prod --sealed-host db1 --out db1.age" },
    ]);
    program.parse([...args], { from: "user" });
    const opts = program.opts<Options>();
    if ((opts.sealedHost === undefined) !== (opts.out === undefined)) throw new UsageError("--sealed-host <host> and --out <file> go together");
    if (opts.sealedHost !== undefined && opts.json) throw new UsageError("--sealed-host writes one host's file, --json prints the plan: give one");
    assertKnownStack(opts.cwd, opts.stack);
    // Loaded only once the arguments are good: the program and its Pulumi SDKs, so `--help` starts without them.
    const { executePlan } = require("./execute") as typeof Execute;
    return executePlan(opts);
}

if (require.main === module) runCommand("plan", () => main(process.argv.slice(2)));
