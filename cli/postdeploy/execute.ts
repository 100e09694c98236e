/**
 * What `postdeploy` does once its arguments are good: load the outputs (and the other environment's, the
 * admin config, the revoked keys), run the checks, print and write the report. Loaded by main.ts after
 * parsing, so `--help` starts without the outputs schema (zod) and the probes.
 */
import { writeFileSync } from "node:fs";
import { CliError, reportError } from "../shared/cli-error";
import { EXIT_FINDINGS, EXIT_OK } from "../shared/exit-codes";
import { describeFsError } from "../shared/fs-error";
import { loadStackOutputs } from "../shared/load-outputs";
import { loadAdminConfig, type AdminConfig } from "./admin";
import type { Options } from "./options";
import { loadOutputs, type LoadedOutputs } from "./outputs";
import { renderJson, renderJunit, renderTable } from "./report";
import { revokedKeys, type RevokedKey } from "./revoked";
import { runPostdeploy } from "./run";

interface Inputs {
    readonly outputs: LoadedOutputs;
    readonly otherEnv?: LoadedOutputs;
    readonly admin?: AdminConfig;
    readonly revoked?: readonly RevokedKey[];
}

async function loadInputs(opts: Options): Promise<Inputs> {
    const main = await loadStackOutputs(opts.outputs ? { kind: "file", path: opts.outputs } : { kind: "stack", stack: opts.stack });
    const outputs = loadOutputs(main.values, main.origin, opts.stack);
    let otherEnv: LoadedOutputs | undefined;
    if (opts.otherEnvOutputs) {
        const other = await loadStackOutputs({ kind: "file", path: opts.otherEnvOutputs });
        otherEnv = loadOutputs(other.values, other.origin);
        if (otherEnv.environment === outputs.environment) {
            throw new CliError(`--other-env-outputs ${opts.otherEnvOutputs}: is environment "${otherEnv.environment}" too; give another environment's outputs`);
        }
    }
    const admin = opts.adminConfig ? await loadAdminConfig(opts.adminConfig, (m) => process.stderr.write(`${m}\n`)) : undefined;
    let revoked: RevokedKey[] | undefined;
    if (opts.revokedOutputs) {
        const saved = await loadStackOutputs({ kind: "file", path: opts.revokedOutputs });
        revoked = revokedKeys(saved.values, saved.origin, outputs);
    }
    return { outputs, ...(otherEnv ? { otherEnv } : {}), ...(admin ? { admin } : {}), ...(revoked ? { revoked } : {}) };
}

/** Progress on a terminal only: never in --json output, pipes or CI logs. */
export function progressReporter(
    json: boolean,
    stream: { isTTY?: boolean; write(s: string): unknown } = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
): ((done: number, total: number) => void) | undefined {
    if (json || !stream.isTTY || env.CI === "true") return undefined;
    return (done, total) => {
        stream.write(`\rpost-deploy: ${done}/${total} sections done`);
        if (done === total) stream.write("\n");
    };
}

/** The run for parsed options: its exit code (the shared convention; a user's mistake its message, no stack). */
export async function executePostdeploy(opts: Options): Promise<number> {
    try {
        const inputs = await loadInputs(opts);
        const progress = progressReporter(opts.json === true);
        const report = await runPostdeploy(inputs.outputs, {
            concurrency: opts.concurrency,
            checkTimeoutMs: opts.checkTimeout * 1000,
            authRetryMs: opts.authRetry * 1000,
            ...(inputs.otherEnv ? { otherEnv: inputs.otherEnv } : {}),
            ...(inputs.admin ? { admin: inputs.admin } : {}),
            ...(inputs.revoked ? { revoked: inputs.revoked } : {}),
            ...(opts.from ? { from: opts.from } : {}),
            ...(opts.rcloneLog ? { rcloneLog: opts.rcloneLog } : {}),
            ...(progress ? { onProgress: progress } : {}),
        });
        process.stdout.write((opts.json ? renderJson(report) : renderTable(report)) + "\n");
        if (opts.junit) writeJunit(opts.junit, renderJunit(report));
        return report.failed ? EXIT_FINDINGS : EXIT_OK;
    } catch (e) {
        return reportError("postdeploy", e);
    }
}

function writeJunit(file: string, xml: string): void {
    try {
        writeFileSync(file, xml);
    } catch (e) {
        throw new CliError(`--junit ${file}: cannot write the report: ${describeFsError(e)}`);
    }
}
