/**
 * `npm run bench:postdeploy`, in one run against a local radosgw (role
 * sessions holding the generated policies, radosgw's admin as
 * [postdeploy-admin], as in the contract suite):
 *  1. the nine staging sections of the contract suite, concurrently (all nine
 *     at once) and one after another, alternating, median of BENCH_RUNS
 *     (default 3) each: wall times and their ratio (aim ≤ 0.25);
 *  2. CPU per section, rclone + node (aim ≤ 100 ms): node's own CPU
 *     (process.cpuUsage, this process runs the checks) plus the rclone
 *     daemon's (/proc/<pid>/stat), divided by the sections;
 *  3. a generated environment of 300 sections (100 hosts × copy, sync,
 *     verify): wall time, sections per second, CPU per section.
 */
import { cpus, loadavg } from "node:os";
import { parseAdminConfig, type AdminConfig } from "../cli/postdeploy/admin";
import { loadOutputs, type LoadedOutputs } from "../cli/postdeploy/outputs";
import { runPostdeploy } from "../cli/postdeploy/run";
import type { PostdeployReport } from "../cli/postdeploy/types";
import { deployToRgw, planEnvironment, type ContractCredential } from "../test/support/contract/deploy";
import { PROD_CREDENTIALS, STAGING_CREDENTIALS } from "../test/support/contract/environments";
import { adminConfigText, startRgw, type RgwServer } from "../test/support/rgw";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const say = (line: string) => { if (process.stderr.isTTY) process.stderr.write(`${line}\n`); };

interface Measured {
    readonly wallS: number;
    /** node + rclone CPU, ms. */
    readonly cpuMs: number;
    readonly report: PostdeployReport;
}

async function measure(outputs: LoadedOutputs, opts: { otherEnv?: LoadedOutputs; admin: AdminConfig; concurrency: number }): Promise<Measured> {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const report = await runPostdeploy(outputs, opts);
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const node = process.cpuUsage(cpu0);
    const notPassing = report.sections.flatMap((s) => s.checks.filter((c) => !["ok", "refused", "deviation"].includes(c.status)).map((c) => `${s.section} ${c.check}: ${c.status} ${c.detail}`));
    if (notPassing.length) throw new Error(`bench run did not pass:\n${notPassing.slice(0, 10).join("\n")}`);
    return { wallS, cpuMs: (node.user + node.system) / 1000 + (report.rclone.cpuMs ?? 0), report };
}

function generated(hosts: number): Record<string, ContractCredential> {
    const names = Array.from({ length: hosts }, (_, i) => `h${String(i + 1).padStart(3, "0")}`);
    return {
        "db-archive": { role: "copy", prefix: "db/", hosts: names },
        "files-mirror": { role: "sync", prefix: "files/", hosts: names },
        "restore-check": { role: "verify", prefix: "", hosts: names },
    };
}

async function nineSections(server: RgwServer, admin: AdminConfig): Promise<string[]> {
    const staging = loadOutputs((await deployToRgw(server, await planEnvironment("staging", STAGING_CREDENTIALS))).outputs, "staging", "staging");
    const otherEnv = loadOutputs((await deployToRgw(server, await planEnvironment("prod", PROD_CREDENTIALS))).outputs, "prod", "prod");
    const runs: Record<"concurrent" | "sequential", Measured[]> = { concurrent: [], sequential: [] };
    for (let i = 0; i < RUNS; i++) {
        for (const mode of ["concurrent", "sequential"] as const) {
            const m = await measure(staging, { otherEnv, admin, concurrency: mode === "concurrent" ? staging.sections.length : 1 });
            runs[mode].push(m);
            say(`run ${i + 1}/${RUNS} ${mode}: ${m.wallS.toFixed(2)} s`);
        }
    }
    const c = median(runs.concurrent.map((m) => m.wallS));
    const s = median(runs.sequential.map((m) => m.wallS));
    const n = staging.sections.length;
    const cpu = median([...runs.concurrent, ...runs.sequential].map((m) => m.cpuMs)) / n;
    const r = runs.concurrent[0]!.report;
    const checks = r.sections.reduce((sum, x) => sum + x.checks.length, 0);
    return [
        `9 sections (3 copy, 3 sync, 3 verify; other environment known; admin), ${checks} checks, ${r.rcloneVersion}, radosgw on 127.0.0.1`,
        `  concurrent (${n} at once): median ${c.toFixed(2)} s  [${runs.concurrent.map((m) => m.wallS.toFixed(2)).join(", ")}]`,
        `  sequential (1 at a time):  median ${s.toFixed(2)} s  [${runs.sequential.map((m) => m.wallS.toFixed(2)).join(", ")}]`,
        `  ratio concurrent / sequential: ${(c / s).toFixed(2)} (aim ≤ 0.25)`,
        `  CPU per section (node + rclone): ${cpu.toFixed(0)} ms (aim ≤ 100 ms); rclone processes per run: ${r.rclone.processes}, ` +
        `rc calls ${r.rclone.rcCalls}, provider API calls ${r.providerCalls}`,
    ];
}

async function threeHundred(server: RgwServer, admin: AdminConfig): Promise<string[]> {
    const t0 = Date.now();
    const env = loadOutputs((await deployToRgw(server, await planEnvironment("staging", generated(HOSTS)), { bucketsExist: true, userSuffix: "-gen" })).outputs, "generated", "staging");
    const setupS = (Date.now() - t0) / 1000;
    const m = await measure(env, { admin, concurrency: 16 });
    const n = env.sections.length;
    return [
        `generated: ${n} sections (${HOSTS} hosts × copy, sync, verify), concurrency 16, admin (set-up ${setupS.toFixed(0)} s: plan + roles)`,
        `  wall ${m.wallS.toFixed(1)} s, ${(n / m.wallS).toFixed(1)} sections/s, CPU per section ${(m.cpuMs / n).toFixed(0)} ms, ` +
        `rc calls ${m.report.rclone.rcCalls}, provider API calls ${m.report.providerCalls}, 1 rclone process`,
    ];
}

async function main(): Promise<void> {
    const server = await startRgw();
    try {
        const admin = parseAdminConfig(adminConfigText(server), "bench admin");
        const lines = [
            `post-deploy benchmark — machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`,
            ...await nineSections(server, admin),
            ...await threeHundred(server, admin),
        ];
        process.stdout.write(lines.join("\n") + "\n");
    } finally {
        await server.stop();
    }
}

main().catch((e: unknown) => {
    process.stderr.write(`bench:postdeploy: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
});
