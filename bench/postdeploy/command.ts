/**
 * The post-deploy run as a user starts it: the built command that `npm run postdeploy` runs after its
 * build step (README.md, docs/postdeploy.md), a fresh process each time, measured from outside. The bench
 * reads only the command's exit code and its `--json` report, never its modules, so it measures whatever
 * matrix the command runs.
 */
import type { EnvFiles } from "./fixtures";
import { timed } from "./measure";

/** `node .build/cli/postdeploy/main.js`: what `npm run postdeploy --` runs once `node scripts/build.mjs` found the build fresh. */
export const POSTDEPLOY_ENTRY = ".build/cli/postdeploy/main.js";

export interface CommandRun {
    readonly wallS: number;
    /** node + its rclone rcd (waited for before the command exits). */
    readonly cpuMs: number;
    readonly sections: number;
    /** Checks in the report (counted from `--json`; undefined when the report has no `sections[].checks`). */
    readonly checks: number | undefined;
}

/** The arguments after `postdeploy`: the documented options, with `--json` so the bench can count checks. */
export function postdeployArgs(files: EnvFiles, concurrency?: number): string[] {
    const args = [
        "--stack",
        "staging",
        "--outputs",
        files.outputs,
        "--other-env-outputs",
        files.otherEnvOutputs,
        "--admin-config",
        files.adminConfig,
        "--json",
    ];
    return concurrency === undefined ? args : [...args, "--concurrency", String(concurrency)];
}

function countChecks(stdout: string): { sections: number; checks: number | undefined } {
    const report = JSON.parse(stdout) as { sections?: { checks?: unknown[] }[] };
    const sections = report.sections ?? [];
    const checks = sections.every((s) => Array.isArray(s.checks)) ? sections.reduce((n, s) => n + (s.checks?.length ?? 0), 0) : undefined;
    return { sections: sections.length, checks };
}

/** One run; a run that does not pass (exit code ≠ 0) fails the bench, since its time would say nothing. */
export async function postdeploy(files: EnvFiles, cwd: string, concurrency?: number): Promise<CommandRun> {
    const run = await timed(process.execPath, [POSTDEPLOY_ENTRY, ...postdeployArgs(files, concurrency)], cwd);
    if (run.code !== 0) throw new Error(`postdeploy exited ${run.code}:\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-800)}`);
    return { wallS: run.wallS, cpuMs: run.cpuMs, ...countChecks(run.stdout) };
}

/** The same run through `npm run postdeploy --` itself (npm, then the build's freshness check, then the command). */
export async function viaNpm(files: EnvFiles, cwd: string): Promise<{ wallS: number; cpuMs: number }> {
    const run = await timed("npm", ["run", "--silent", "postdeploy", "--", ...postdeployArgs(files)], cwd);
    if (run.code !== 0) throw new Error(`npm run postdeploy exited ${run.code}:\n${run.stderr.slice(-800)}`);
    return { wallS: run.wallS, cpuMs: run.cpuMs };
}
