/**
 * `npm run bench:postdeploy`: the figures issue 19 asks for, in one run, against a local radosgw (role
 * sessions holding the generated policies, radosgw's admin as [postdeploy-admin], as in the contract
 * suite). Every post-deploy run is the built command in a fresh process (bench/postdeploy/command.ts);
 * every CPU figure is the kernel's for the finished process and the children it waited for, as
 * /usr/bin/time prints it (bench/postdeploy/measure.ts).
 *  1. side by side on 3 staging sections (copy, sync, verify) on 127.0.0.1: the four-command rclone
 *     healthcheck and the whole post-deploy run (other environment known, admin), BENCH_PAIRS (7)
 *     interleaved pairs, the first of each pair alternating; medians and their ratio (target ≤ 1.0);
 *  2. the 9 staging sections through a relay adding BENCH_RTT_MS (20) of round trip to every call
 *     (test/support/relay/latency.ts, its own process): all 9 at once (`--concurrency 9`) and one at a
 *     time (`--concurrency 1`), BENCH_RUNS (3) each, alternating; their ratio (target ≤ 0.25) and CPU per
 *     section (target ≤ 100 ms), with radosgw's and its OSD's beside it (/proc/<pid>/stat: they share the
 *     two cores); the healthcheck there too, for scale;
 *  3. a generated environment of 300 sections (BENCH_HOSTS = 100 hosts × copy, sync, verify),
 *     `--concurrency 16`: wall time (target ≤ 30 s).
 * It ends with a table: each figure, its target, met or not. Progress goes to stderr.
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { startRgw } from "../test/support/rgw";
import { startLatencyProxy } from "../test/support/relay/latency";
import { postdeploy, viaNpm, type CommandRun } from "./postdeploy/command";
import { BenchFiles, deployAll, type EnvFiles } from "./postdeploy/fixtures";
import { healthcheck, type HealthcheckRun } from "./postdeploy/healthcheck";
import { benchEnv, liveCpuMs, median } from "./postdeploy/measure";

const ROOT = join(__dirname, "..");
const PAIRS = Number(process.env.BENCH_PAIRS ?? 7);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);
/** Round trip the latency relay adds (ms): a host a short network hop from its bucket. */
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 20);

const say = (line: string) => process.stderr.write(`${line}\n`);
const s = (x: number) => `${x.toFixed(2)} s`;
const list = (xs: readonly number[]) => `[${xs.map((x) => x.toFixed(2)).join(", ")}]`;

interface Verdict {
    readonly figure: string;
    readonly value: string;
    readonly target: string;
    readonly met: boolean;
}

async function sideBySide(files: EnvFiles, lines: string[], verdicts: Verdict[]): Promise<void> {
    const hc: HealthcheckRun[] = [];
    const pd: CommandRun[] = [];
    for (let i = 0; i < PAIRS; i++) {
        const order = i % 2 === 0 ? ["hc", "pd"] : ["pd", "hc"];
        for (const which of order) {
            if (which === "hc") hc.push(await healthcheck(files.rcloneConfig, files.remotes, ROOT));
            else pd.push(await postdeploy(files, ROOT));
        }
        say(`3 sections pair ${i + 1}/${PAIRS}: healthcheck ${s(hc.at(-1)!.wallS)}, postdeploy ${s(pd.at(-1)!.wallS)}`);
    }
    const npm = await viaNpm(files, ROOT);
    const h = median(hc.map((r) => r.wallS));
    const p = median(pd.map((r) => r.wallS));
    const n = files.remotes.length;
    lines.push(
        `${n} staging sections (copy, sync, verify) on 127.0.0.1, ${PAIRS} interleaved pairs:`,
        `  healthcheck (${hc[0]!.processes} rclone processes): median ${s(h)} ${list(hc.map((r) => r.wallS))}, CPU ${median(hc.map((r) => r.cpuMs)).toFixed(0)} ms`,
        `  postdeploy (${pd[0]!.checks ?? "?"} checks, other environment known, admin): median ${s(p)} ${list(pd.map((r) => r.wallS))}, ` +
            `CPU ${median(pd.map((r) => r.cpuMs)).toFixed(0)} ms`,
        `  ratio postdeploy / healthcheck: ${(p / h).toFixed(2)}×`,
        `  one run through \`npm run postdeploy --\` (npm + the build's freshness check + the command): ${s(npm.wallS)}, CPU ${npm.cpuMs.toFixed(0)} ms`,
    );
    verdicts.push({
        figure: `${n} sections: postdeploy / healthcheck wall time`,
        value: `${(p / h).toFixed(2)}× (${s(p)} / ${s(h)})`,
        target: "≤ 1.0×",
        met: p / h <= 1,
    });
}

/** radosgw's and its OSD's CPU so far (ms): the server under test shares the two cores with the run. */
type ServerCpu = () => number;

async function atLatency(files: EnvFiles, serverCpu: ServerCpu, lines: string[], verdicts: Verdict[]): Promise<void> {
    const n = files.remotes.length;
    const conc: CommandRun[] = [];
    const seq: CommandRun[] = [];
    const hc: HealthcheckRun[] = [];
    const server: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        const s0 = serverCpu();
        conc.push(await postdeploy(files, ROOT, n));
        server.push(serverCpu() - s0);
        seq.push(await postdeploy(files, ROOT, 1));
        hc.push(await healthcheck(files.rcloneConfig, files.remotes, ROOT));
        say(
            `${n} sections at ${RTT_MS} ms run ${i + 1}/${RUNS}: concurrent ${s(conc.at(-1)!.wallS)}, sequential ${s(seq.at(-1)!.wallS)}, healthcheck ${s(hc.at(-1)!.wallS)}`,
        );
    }
    const c = median(conc.map((r) => r.wallS));
    const q = median(seq.map((r) => r.wallS));
    const h = median(hc.map((r) => r.wallS));
    const cpu = median(conc.map((r) => r.cpuMs)) / n;
    lines.push(
        `${n} staging sections at ${RTT_MS} ms round trip (latency relay), ${conc[0]!.checks ?? "?"} checks, ${RUNS} runs each:`,
        `  postdeploy --concurrency ${n}: median ${s(c)} ${list(conc.map((r) => r.wallS))}`,
        `  postdeploy --concurrency 1:  median ${s(q)} ${list(seq.map((r) => r.wallS))}`,
        `  ratio concurrent / sequential: ${(c / q).toFixed(2)}`,
        `  CPU per section (node + rclone, concurrent runs): ${cpu.toFixed(0)} ms; sequential runs: ${(median(seq.map((r) => r.cpuMs)) / n).toFixed(0)} ms; ` +
            `radosgw + its OSD, concurrent runs: ${(median(server) / n).toFixed(0)} ms`,
        `  healthcheck (${hc[0]!.processes} rclone processes): median ${s(h)}, CPU per section ${(median(hc.map((r) => r.cpuMs)) / n).toFixed(0)} ms; ` +
            `postdeploy --concurrency ${n} / healthcheck: ${(c / h).toFixed(2)}×`,
    );
    verdicts.push(
        {
            figure: `${n} sections at ${RTT_MS} ms: concurrent / sequential`,
            value: `${(c / q).toFixed(2)} (${s(c)} / ${s(q)})`,
            target: "≤ 0.25",
            met: c / q <= 0.25,
        },
        { figure: `${n} sections at ${RTT_MS} ms: CPU per section`, value: `${cpu.toFixed(0)} ms`, target: "≤ 100 ms", met: cpu <= 100 },
    );
}

async function threeHundred(files: EnvFiles, setupS: number, serverCpu: ServerCpu, lines: string[], verdicts: Verdict[]): Promise<void> {
    const s0 = serverCpu();
    const r = await postdeploy(files, ROOT, 16);
    const server = serverCpu() - s0;
    const n = files.remotes.length;
    lines.push(
        `generated: ${n} sections (${HOSTS} hosts × copy, sync, verify) on 127.0.0.1, --concurrency 16, ${r.checks ?? "?"} checks (set-up ${setupS.toFixed(0)} s: plan + roles):`,
        `  wall ${s(r.wallS)}, ${(n / r.wallS).toFixed(1)} sections/s, CPU per section ${(r.cpuMs / n).toFixed(0)} ms (radosgw + its OSD: ${(server / n).toFixed(0)} ms)`,
    );
    verdicts.push({ figure: `${n} sections: wall time`, value: s(r.wallS), target: "≤ 30 s", met: r.wallS <= 30 });
}

function table(verdicts: readonly Verdict[]): string[] {
    const w = [Math.max(...verdicts.map((v) => v.figure.length)), Math.max(...verdicts.map((v) => v.value.length)), 8];
    const row = (a: string, b: string, c: string, d: string) => `  ${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c.padEnd(w[2]!)}  ${d}`;
    return ["", "summary:", row("figure", "measured", "target", "met"), ...verdicts.map((v) => row(v.figure, v.value, v.target, v.met ? "met" : "NOT MET"))];
}

async function main(): Promise<void> {
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: ["ignore", 2, 2] });
    const rclone = execFileSync("rclone", ["version"], { env: benchEnv(), encoding: "utf8" }).split("\n")[0];
    const server = await startRgw();
    const relay = await startLatencyProxy(server.port, RTT_MS);
    const files = new BenchFiles(server);
    try {
        say("deploying onto radosgw: 3 + 9 staging sections, prod, and the generated environment …");
        const d = await deployAll(server, HOSTS);
        const lines = [
            `post-deploy benchmark — ${cpus().length} cores, load average ${loadavg()
                .map((x) => x.toFixed(1))
                .join(" ")} at start, node ${process.version}, ${rclone}`,
        ];
        const verdicts: Verdict[] = [];
        await sideBySide(files.write(d.three, d.prod, server.endpoint), lines, verdicts);
        const serverCpu = () => liveCpuMs(server.pids.rgw) + liveCpuMs(server.pids.osd);
        await atLatency(files.write(d.nine, d.prod, relay.endpoint), serverCpu, lines, verdicts);
        await threeHundred(files.write(d.generated, d.prod, server.endpoint), d.generatedSetupS, serverCpu, lines, verdicts);
        process.stdout.write([...lines, ...table(verdicts)].join("\n") + "\n");
    } finally {
        files.remove();
        await relay.stop();
        await server.stop();
    }
}

main().catch((e: unknown) => {
    process.stderr.write(`bench:postdeploy: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
});
