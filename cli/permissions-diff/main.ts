/**
 * `npm run permissions:diff -- --base <git-ref> [--json] [--stacks staging,prod] [--fail-on-escalation]`
 * The permission matrix of every stack at the base ref and in the working
 * tree, computed offline (each tree's own plan under Pulumi mocks: no cloud
 * account, so it runs for pull requests from forks), and what changed.
 * Exit codes: 0 diff printed (escalations are for reviewers, not a failure,
 * unless --fail-on-escalation), 1 a plan failed (e.g. an invalid stack file at
 * either side) or, with --fail-on-escalation, an escalation was found, 2 usage.
 */
import { defineCommand, finishCommand, runCommand } from "../shared/command";
import { EXIT_FINDINGS, EXIT_OK } from "../shared/exit-codes";
import type * as Render from "./render";
import type * as Run from "./run";
import type { Options } from "./run";

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

/** The command, given its arguments (after `permissions-diff`); cli/main.ts runs it as `backup-remotes permissions-diff`. */
export async function main(args: readonly string[]): Promise<number> {
    const options = parseArgs(args);
    // Loaded once the arguments are good: the providers' facts and the diff, so `--help` starts without them.
    const { permissionsDiff } = require("./run") as typeof Run;
    const { renderMarkdown, reportJson } = require("./render") as typeof Render;
    const report = await permissionsDiff(options);
    const json = reportJson(report);
    process.stdout.write(options.json ? JSON.stringify(json, null, 2) + "\n" : renderMarkdown(report));
    return options.failOnEscalation === true && json.escalations > 0 ? EXIT_FINDINGS : EXIT_OK;
}

if (require.main === module) runCommand("permissions:diff", () => main(process.argv.slice(2)));
