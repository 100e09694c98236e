/**
 * `npm run postdeploy -- --stack <env> [--outputs <file>] [--other-env-outputs <file>]
 *   [--admin-config <rclone.conf>] [--from <address>] [--json] [--junit <file>]`
 * Proves every rclone section of a deployed environment with the real rclone
 * and the providers' APIs: what its role may do works, what it may not do is
 * refused. Exit codes: 0 every check passed; 1 findings or invalid input;
 * 2 usage.
 */
import "../shared/compile-cache";
import { isIP } from "node:net";
import { InvalidArgumentError, type Command } from "commander";
import { reportError } from "../shared/cli-error";
import { defineCommand, finishCommand, runCommand } from "../shared/command";
import type * as Execute from "./execute";
import type { Options } from "./options";

function positiveInt(name: string) {
    return (v: string): number => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, got "${v}"`);
        return n;
    };
}

const HELP_AFTER = `
--admin-config names an rclone config with a [postdeploy-admin] section (or
[postdeploy-admin-<remote>]) whose keys may write in the tested buckets, e.g.
the deploying identity. With it, the objects checks aim at are written and
removed by that identity (as on AWS, where the bucket owner owns every object),
and bucket-setting probes write back exactly what is there. Without it, checks
that need it are inconclusive and say so.`;

function ipAddress(v: string): string {
    if (isIP(v) === 0) throw new InvalidArgumentError(`--from must be an IPv4 or IPv6 address (no range), got "${v}"`);
    return v;
}

function command(): Command {
    const program = defineCommand(
        "postdeploy",
        "Prove every rclone section of a deployed environment: allowed operations work, forbidden ones are refused.",
        "a check failed, was over-privileged or inconclusive; outputs or an admin config that cannot be read, are not valid, " + "or are another environment's",
    )
        .requiredOption("--stack <env>", "environment (stack) whose outputs are tested")
        .option("--outputs <file>", "JSON of `pulumi stack output --json --show-secrets` (default: ask the pulumi CLI)")
        .option("--other-env-outputs <file>", "another environment's outputs JSON: its buckets must be unreachable")
        .option("--admin-config <file>", "rclone config with a [postdeploy-admin] section that may write in the tested buckets")
        .option(
            "--revoked-outputs <file>",
            "outputs JSON saved before a `rotate --retire` or `--revoke` was deployed: every key " +
                "it holds that the current outputs no longer carry must be refused",
        )
        .option(
            "--from <address>",
            "this run's address as the providers see it (e.g. the CI runner's public IP): keys bound to host addresses " +
                "that do not hold it must be refused, and their allowed operations are left to the host self-test",
            ipAddress,
        )
        .option("--json", "print the report as JSON instead of a table")
        .option("--junit <file>", "also write the report as JUnit XML")
        .option("--rclone-log <file>", "append rclone's log (-v, secrets redacted) to this file, created 0600")
        .option("--concurrency <n>", "sections checked at once", positiveInt("--concurrency"), 8)
        .option("--check-timeout <seconds>", "limit per call", positiveInt("--check-timeout"), 60)
        .option("--auth-retry <seconds>", "how long authentication errors are retried (new keys propagate slowly)", positiveInt("--auth-retry"), 90)
        .addHelpText("after", HELP_AFTER);
    return finishCommand(program, "postdeploy", [
        { what: "every section of the deployed staging stack (outputs from the pulumi CLI)", args: "--stack staging" },
        {
            what: "from saved outputs, with an admin that writes the objects checks aim at",
            args: "--stack staging --outputs staging.json --admin-config admin.conf",
        },
        {
            what: "also prove prod's buckets unreachable; JUnit XML for CI beside the table",
            args: "--stack staging --other-env-outputs prod.json --junit postdeploy.xml",
        },
    ]);
}

/** The command, given its arguments (after `postdeploy`); cli/main.ts runs it as `backup-remotes postdeploy`. */
export async function main(args: readonly string[]): Promise<number> {
    const program = command();
    try {
        program.parse([...args], { from: "user" });
    } catch (e) {
        return reportError("postdeploy", e);
    }
    const opts = program.opts<Options>();
    // Loaded once the arguments are good: the outputs schema (zod), the probes and the report, so `--help` starts without them.
    const { executePostdeploy } = require("./execute") as typeof Execute;
    return executePostdeploy(opts);
}

if (require.main === module) runCommand("postdeploy", () => main(process.argv.slice(2)));
