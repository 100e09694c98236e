/**
 * `npm run postdeploy -- --stack <env> [--outputs <file>] [--other-env-outputs <file>] [--json] [--junit <file>]`
 * Proves every rclone section of a deployed environment with the real rclone:
 * what its role may do works, what it may not do is refused. Exit codes
 * (cli/shared/exit-codes.ts): 0 nothing failed; 1 a check failed, or outputs
 * it cannot use; 2 usage.
 */
import { writeFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";
import { CliError, reportError } from "../shared/cli-error";
import { defineCommand } from "../shared/command";
import { describeFsError } from "../shared/fs-error";
import { loadStackOutputs } from "../shared/load-outputs";
import { loadOutputs, type LoadedOutputs } from "./outputs";
import { renderJson, renderJunit, renderTable } from "./report";
import { runPostdeploy } from "./run";

interface Options {
    stack: string;
    outputs?: string;
    otherEnvOutputs?: string;
    json?: boolean;
    junit?: string;
    concurrency: number;
    checkTimeout: number;
    authRetry: number;
}

function positiveInt(name: string) {
    return (v: string): number => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, got "${v}"`);
        return n;
    };
}

export async function main(argv: string[]): Promise<number> {
    const program = defineCommand("postdeploy",
        "Prove every rclone section of a deployed environment: allowed operations work, forbidden ones are refused.",
        "a check failed (FAILED or OVER-PRIVILEGED); outputs that cannot be read, are not valid, or are another environment's")
        .requiredOption("--stack <env>", "environment (stack) whose outputs are tested")
        .option("--outputs <file>", "JSON of `pulumi stack output --json --show-secrets` (default: ask the pulumi CLI)")
        .option("--other-env-outputs <file>", "another environment's outputs JSON: its buckets must be unreachable")
        .option("--json", "print the report as JSON instead of a table")
        .option("--junit <file>", "also write the report as JUnit XML")
        .option("--concurrency <n>", "sections checked at once", positiveInt("--concurrency"), 8)
        .option("--check-timeout <seconds>", "limit per rclone call", positiveInt("--check-timeout"), 60)
        .option("--auth-retry <seconds>", "how long authentication errors are retried (new keys propagate slowly)", positiveInt("--auth-retry"), 90);
    try {
        program.parse(argv);
    } catch (e) {
        return reportError("postdeploy", e);
    }
    const opts = program.opts<Options>();
    let outputs: LoadedOutputs;
    let otherEnv: LoadedOutputs | undefined;
    try {
        const main = await loadStackOutputs(opts.outputs ? { kind: "file", path: opts.outputs } : { kind: "stack", stack: opts.stack });
        outputs = loadOutputs(main.values, main.origin, opts.stack);
        if (opts.otherEnvOutputs) {
            const other = await loadStackOutputs({ kind: "file", path: opts.otherEnvOutputs });
            otherEnv = loadOutputs(other.values, other.origin);
            if (otherEnv.environment === outputs.environment) {
                throw new CliError(`--other-env-outputs ${opts.otherEnvOutputs}: is environment "${otherEnv.environment}" too; give another environment's outputs`);
            }
        }
    } catch (e) {
        return reportError("postdeploy", e);
    }
    let report;
    try {
        report = await runPostdeploy(outputs, {
            concurrency: opts.concurrency, checkTimeoutMs: opts.checkTimeout * 1000, authRetryMs: opts.authRetry * 1000, otherEnv,
        });
    } catch (e) {
        return reportError("postdeploy", e);
    }
    process.stdout.write((opts.json ? renderJson(report) : renderTable(report)) + "\n");
    if (opts.junit) {
        try {
            writeFileSync(opts.junit, renderJunit(report));
        } catch (e) {
            return reportError("postdeploy", new CliError(`--junit ${opts.junit}: cannot write the report: ${describeFsError(e)}`));
        }
    }
    return report.failed ? 1 : 0;
}

if (require.main === module) {
    main(process.argv).then((code) => { process.exitCode = code; }, (e: unknown) => { process.exitCode = reportError("postdeploy", e); });
}
