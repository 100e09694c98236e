/**
 * `npm run bench:postdeploy`, in one run against a local radosgw (role
 * sessions holding the generated policies, radosgw's admin as
 * [postdeploy-admin], as in the contract suite):
 *  1. the nine staging sections of the contract suite, concurrently (all nine
 *     at once) and one after another, alternating, median of BENCH_RUNS
 *     (default 3) each: wall times and their ratio (aim ≤ 0.25); twice: on
 *     127.0.0.1, where nothing waits on a network and the run is bound by the
 *     CPU it shares with the server, and through a relay that adds
 *     BENCH_RTT_MS (default 20) of round trip to every call
 *     (test/support/relay/latency.ts), as a host's network to its bucket does;
 *  2. CPU per section, rclone + node (aim ≤ 100 ms): node's own CPU
 *     (process.cpuUsage, this process runs the checks) plus the rclone
 *     daemon's (/proc/<pid>/stat), divided by the sections; radosgw's and its
 *     OSD's beside it, since they share the machine;
 *  3. a generated environment of 300 sections (100 hosts × copy, sync,
 *     verify): wall time, sections per second, CPU per section.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseAdminConfig, type AdminConfig } from "../cli/postdeploy/admin";
import { loadOutputs, type LoadedOutputs } from "../cli/postdeploy/outputs";
import { processCpuMs } from "../cli/postdeploy/rcd-process";
import { runPostdeploy } from "../cli/postdeploy/run";
import type { PostdeployReport } from "../cli/postdeploy/types";
import { deployToRgw, planEnvironment, type ContractCredential } from "../test/support/contract/deploy";
import { PROD_CREDENTIALS, STAGING_CREDENTIALS } from "../test/support/contract/environments";
import { notPassing } from "../test/support/contract/postdeploy";
import { adminConfigText, startRgw, type RgwServer } from "../test/support/rgw";
import { startLatencyProxy } from "../test/support/relay/latency";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);
/** Round trip the latency relay adds (ms): a host a short network hop from its bucket. */
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 20);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const say = (line: string) => {
    if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
};

interface Measured {
    readonly wallS: number;
    /** node + rclone CPU, ms. */
    readonly cpuMs: number;
    /** radosgw's and its OSD's CPU, ms: the server shares the machine's cores with the run. */
    readonly serverCpuMs: number;
    readonly report: PostdeployReport;
}

function serverCpuMs(server: RgwServer): number {
    const { rgw, osd } = server.pids;
    return [rgw, osd].reduce((sum, pid) => sum + (processCpuMs(pid, (p) => readFileSync(p, "utf8")) ?? 0), 0);
}

async function measure(
    server: RgwServer,
    outputs: LoadedOutputs,
    opts: { otherEnv?: LoadedOutputs; admin: AdminConfig; concurrency: number },
): Promise<Measured> {
    const server0 = serverCpuMs(server);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const report = await runPostdeploy(outputs, opts);
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const node = process.cpuUsage(cpu0);
    const failing = notPassing(report);
    if (failing.length) throw new Error(`bench run did not pass:\n${failing.slice(0, 10).join("\n")}`);
    return { wallS, cpuMs: (node.user + node.system) / 1000 + (report.rclone.cpuMs ?? 0), serverCpuMs: serverCpuMs(server) - server0, report };
}

function generated(hosts: number): Record<string, ContractCredential> {
    const names = Array.from({ length: hosts }, (_, i) => `h${String(i + 1).padStart(3, "0")}`);
    return {
        "db-archive": { role: "copy", prefix: "db/", hosts: names },
        "files-mirror": { role: "sync", prefix: "files/", hosts: names },
        "restore-check": { role: "verify", prefix: "", hosts: names },
    };
}

interface NineSections {
    readonly staging: LoadedOutputs;
    readonly otherEnv: LoadedOutputs;
    readonly admin: AdminConfig;
}

interface Deployed {
    readonly staging: unknown;
    readonly prod: unknown;
}

async function deployNine(server: RgwServer): Promise<Deployed> {
    return {
        staging: (await deployToRgw(server, await planEnvironment("staging", STAGING_CREDENTIALS))).outputs,
        prod: (await deployToRgw(server, await planEnvironment("prod", PROD_CREDENTIALS))).outputs,
    };
}

/** The deployment as reached at `endpoint`: the server's own, or the latency relay in front of it. */
function reachedAt(server: RgwServer, deployed: Deployed, endpoint: string): NineSections {
    const at = (raw: unknown, env: string) => loadOutputs(JSON.parse(JSON.stringify(raw).split(server.endpoint).join(endpoint)), env, env);
    return {
        staging: at(deployed.staging, "staging"),
        otherEnv: at(deployed.prod, "prod"),
        admin: parseAdminConfig(adminConfigText({ ...server, endpoint }), "bench admin"),
    };
}

async function concurrentVsSequential(server: RgwServer, title: string, { staging, otherEnv, admin }: NineSections): Promise<string[]> {
    const runs: Record<"concurrent" | "sequential", Measured[]> = { concurrent: [], sequential: [] };
    for (let i = 0; i < RUNS; i++) {
        for (const mode of ["concurrent", "sequential"] as const) {
            const m = await measure(server, staging, { otherEnv, admin, concurrency: mode === "concurrent" ? staging.sections.length : 1 });
            runs[mode].push(m);
            say(`${title} run ${i + 1}/${RUNS} ${mode}: ${m.wallS.toFixed(2)} s`);
        }
    }
    const c = median(runs.concurrent.map((m) => m.wallS));
    const s = median(runs.sequential.map((m) => m.wallS));
    const n = staging.sections.length;
    const cpu = median([...runs.concurrent, ...runs.sequential].map((m) => m.cpuMs)) / n;
    const serverCpu = median(runs.concurrent.map((m) => m.serverCpuMs)) / n;
    const r = runs.concurrent[0]!.report;
    const checks = r.sections.reduce((sum, x) => sum + x.checks.length, 0);
    return [
        `9 sections ${title} (3 copy, 3 sync, 3 verify; other environment known; admin), ${checks} checks, ${r.rcloneVersion}`,
        `  concurrent (${n} at once): median ${c.toFixed(2)} s  [${runs.concurrent.map((m) => m.wallS.toFixed(2)).join(", ")}]`,
        `  sequential (1 at a time):  median ${s.toFixed(2)} s  [${runs.sequential.map((m) => m.wallS.toFixed(2)).join(", ")}]`,
        `  ratio concurrent / sequential: ${(c / s).toFixed(2)} (aim ≤ 0.25)`,
        `  CPU per section (node + rclone): ${cpu.toFixed(0)} ms (aim ≤ 100 ms); radosgw + its OSD, concurrent: ${serverCpu.toFixed(0)} ms; ` +
            `rclone processes per run: ${r.rclone.processes}, rc calls ${r.rclone.rcCalls}, provider API calls ${r.providerCalls}`,
    ];
}

async function threeHundred(server: RgwServer, admin: AdminConfig): Promise<string[]> {
    const t0 = Date.now();
    const env = loadOutputs(
        (await deployToRgw(server, await planEnvironment("staging", generated(HOSTS)), { bucketsExist: true, userSuffix: "-gen" })).outputs,
        "generated",
        "staging",
    );
    const setupS = (Date.now() - t0) / 1000;
    const m = await measure(server, env, { admin, concurrency: 16 });
    const n = env.sections.length;
    return [
        `generated: ${n} sections (${HOSTS} hosts × copy, sync, verify), concurrency 16, admin (set-up ${setupS.toFixed(0)} s: plan + roles)`,
        `  wall ${m.wallS.toFixed(1)} s, ${(n / m.wallS).toFixed(1)} sections/s, CPU per section ${(m.cpuMs / n).toFixed(0)} ms, ` +
            `rc calls ${m.report.rclone.rcCalls}, provider API calls ${m.report.providerCalls}, 1 rclone process`,
    ];
}

async function main(): Promise<void> {
    const server = await startRgw();
    const relay = await startLatencyProxy(server.port, RTT_MS);
    try {
        const deployed = await deployNine(server);
        const local = reachedAt(server, deployed, server.endpoint);
        const lines = [
            `post-deploy benchmark — machine: ${cpus().length} cores, load average ${loadavg()
                .map((x) => x.toFixed(1))
                .join(" ")}`,
            ...(await concurrentVsSequential(server, "on 127.0.0.1 (no network latency)", local)),
            ...(await concurrentVsSequential(server, `at ${RTT_MS} ms round trip (latency relay)`, reachedAt(server, deployed, relay.endpoint))),
            ...(await threeHundred(server, local.admin)),
        ];
        process.stdout.write(lines.join("\n") + "\n");
    } finally {
        await relay.stop();
        await server.stop();
    }
}

main().catch((e: unknown) => {
    process.stderr.write(`bench:postdeploy: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
});
