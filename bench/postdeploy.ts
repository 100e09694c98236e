/**
 * `npm run bench:postdeploy`: post-deploy wall time for the nine staging
 * sections of the contract suite against a local radosgw, run concurrently
 * (all nine at once) versus one after another. Runs alternate so machine load
 * affects both alike; figures are medians of BENCH_RUNS (default 3) each.
 */
import { readFileSync } from "node:fs";
import { loadOutputs } from "../cli/postdeploy/outputs";
import { runPostdeploy } from "../cli/postdeploy/run";
import { deployToRgw, planEnvironment } from "../test/support/contract/deploy";
import { PROD_CREDENTIALS, STAGING_CREDENTIALS } from "../test/support/contract/environments";
import { startRgw } from "../test/support/rgw";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** CPU time (ms) of this process's finished children (the rclone processes) and of a daemon. */
function childCpuMs(): number {
    const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(f[13]) + Number(f[14])) * 10;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
    const server = await startRgw();
    try {
        const staging = await deployToRgw(server, await planEnvironment("staging", STAGING_CREDENTIALS));
        const prod = await deployToRgw(server, await planEnvironment("prod", PROD_CREDENTIALS));
        const outputs = loadOutputs(staging.outputs, "staging", "staging");
        const otherEnv = loadOutputs(prod.outputs, "prod", "prod");
        const times: Record<"concurrent" | "sequential", number[]> = { concurrent: [], sequential: [] };
        const cpu: Record<"concurrent" | "sequential", number[]> = { concurrent: [], sequential: [] };
        let version = "";
        let calls = 0;
        for (let i = 0; i < RUNS; i++) {
            for (const mode of ["concurrent", "sequential"] as const) {
                const cpu0 = childCpuMs();
                const t0 = process.hrtime.bigint();
                const report = await runPostdeploy(outputs, { otherEnv, concurrency: mode === "concurrent" ? outputs.sections.length : 1 });
                const wall = Number(process.hrtime.bigint() - t0) / 1e9;
                if (report.failed) throw new Error(`bench run failed: ${JSON.stringify(report.sections.flatMap((s) => s.checks.filter((c) => c.status === "failed")))}`);
                version = report.rcloneVersion;
                calls = report.rcloneCalls;
                times[mode].push(wall);
                cpu[mode].push((childCpuMs() - cpu0) / 1000);
                process.stderr.write(`run ${i + 1}/${RUNS} ${mode}: ${wall.toFixed(1)} s\n`);
            }
        }
        const c = median(times.concurrent);
        const s = median(times.sequential);
        const lines = [
            `post-deploy benchmark: ${outputs.sections.length} sections (3 copy, 3 sync, 3 verify; other environment known), ${version}, radosgw on 127.0.0.1`,
            `machine: ${require("node:os").cpus().length} cores, load average ${require("node:os").loadavg().map((x: number) => x.toFixed(1)).join(" ")}`,
            `concurrent (${outputs.sections.length} at once): median ${c.toFixed(1)} s  [${times.concurrent.map((x) => x.toFixed(1)).join(", ")}]`,
            `sequential (1 at a time):  median ${s.toFixed(1)} s  [${times.sequential.map((x) => x.toFixed(1)).join(", ")}]`,
            `ratio concurrent / sequential: ${(c / s).toFixed(2)} (aim ≤ 0.40)`,
            `rclone per run: ${calls} processes; CPU concurrent ${median(cpu.concurrent).toFixed(1)} s, sequential ${median(cpu.sequential).toFixed(1)} s`,
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
