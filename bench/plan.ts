/**
 * `npm run bench:plan`: wall time of the offline plan command as a user runs
 * it (a fresh process each time), for the staging stack and for generated
 * environments of growing size, to show the growth is linear; and the cost
 * of sealed delivery (hostKeys): every host's file sealed afresh (no state),
 * and a re-plan against the state (`--state`, every file unchanged).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { renderHostFile } from "../components/rclone/host-file";
import { type SealOutputs, sealingProvider } from "../components/sealing/provider";

// Run from the project root (npm run bench:plan); plans run the built CLI, as `npm run plan` does.
const root = process.cwd();

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** One offline plan of `stack` in `cwd`, in a fresh process. */
function runPlan(stack: string, cwd: string, extra: readonly string[] = []): void {
    execFileSync(process.execPath, [path.join(root, ".build/cli/plan/main.js"), "--stack", stack, "--json", "--cwd", cwd, ...extra], {
        stdio: ["ignore", "ignore", "inherit"],
    });
}

function timePlan(stack: string, cwd: string, extra: readonly string[] = []): number {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        const start = process.hrtime.bigint();
        runPlan(stack, cwd, extra);
        times.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** An environment with `n` credentials, one host each, spread over four buckets; sealed to one age key per host if asked. */
async function generatedProject(n: number, sealed = false): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-plan-${n}-`));
    fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const remotes: Record<string, unknown> = {};
    for (let r = 0; r < 4; r++) remotes[`aws-${r}`] = { provider: "aws", bucket: `acme-backup-bench-${r}`, region: "eu-west-1" };
    const credentials: Record<string, unknown> = {};
    const roles = ["copy", "verify"] as const;
    for (let i = 0; i < n; i++) {
        credentials[`cred-${i}`] = { role: roles[i % 2], remote: `aws-${i % 4}`, prefix: `host-${i}/`, hosts: [`host-${i}`] };
    }
    const config = {
        "aws:region": "eu-west-1",
        "backup-remotes:environment": "bench",
        "backup-remotes:tier": "test",
        "backup-remotes:protectBuckets": false,
        "backup-remotes:remotes": remotes,
        "backup-remotes:credentials": credentials,
        ...(sealed ? { "backup-remotes:hostKeys": await hostKeys(n) } : {}),
    };
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), stringify({ config }));
    return dir;
}

async function hostKeys(n: number): Promise<Record<string, string>> {
    const age = require("age-encryption") as typeof import("age-encryption");
    const keys: Record<string, string> = {};
    for (let i = 0; i < n; i++) keys[`host-${i}`] = await age.identityToRecipient(await age.generateX25519Identity());
    return keys;
}

/** Sealed: no state (every file sealed), then against the state of a first run (every file unchanged). */
async function sealedRows(n: number): Promise<[string, number][]> {
    const dir = await generatedProject(n, true);
    const state = path.join(dir, "sealing-state.json");
    const fresh = timePlan("bench", dir);
    runPlan("bench", dir, ["--state", state]);
    return [
        [`  + sealed, ${n} hosts, no state`, fresh],
        [`  + sealed, ${n} hosts, --state`, timePlan("bench", dir, ["--state", state])],
    ];
}

/** CPU time (not wall time: steadier on a loaded machine) of the provider itself, per host: seal, and diff an unchanged file. */
async function sealingCpu(n: number): Promise<{ create: number; diff: number }> {
    const recipients = Object.values(await hostKeys(1));
    const section = {
        name: "bench-db",
        options: { type: "s3", provider: "AWS", access_key_id: "BENCHPLACEHOLDERID00", secret_access_key: "x".repeat(40) },
        usage: { role: "copy" as const, path: "bench-bucket/db/", flags: ["--ignore-existing"] },
    };
    const inputs = { host: "host-0", plaintext: renderHostFile("bench", [section, { ...section, name: "bench-files" }]), recipients };
    const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    let start = process.cpuUsage();
    const sealed: SealOutputs[] = [];
    for (let i = 0; i < n; i++) sealed.push((await sealingProvider.create(inputs)).outs as SealOutputs);
    const create = cpuMs(process.cpuUsage(start)) / n;
    start = process.cpuUsage();
    for (const outs of sealed) if ((await sealingProvider.diff("id", outs, inputs)).changes) throw new Error("an unchanged file diffed as changed");
    return { create, diff: cpuMs(process.cpuUsage(start)) / n };
}

async function main(): Promise<void> {
    const rows: [string, number][] = [["staging (example stack)", timePlan("staging", root)]];
    for (const n of [50, 100, 200]) rows.push([`generated, ${n} credentials`, timePlan("bench", await generatedProject(n))]);
    rows.push(...(await sealedRows(200)));

    console.log(`offline plan wall time, median of ${RUNS} runs, fresh process each (node ${process.version}, ${os.cpus().length} cores)`);
    for (const [what, s] of rows) console.log(`  ${what.padEnd(36)} ${s.toFixed(2)} s`);
    const [, t50] = rows[1]!;
    const [, t200] = rows[3]!;
    const [, fresh] = rows[4]!;
    const [, kept] = rows[5]!;
    console.log(
        `  growth 50 → 200 credentials: ×${(t200 / t50).toFixed(2)} time for ×4 credentials (per extra credential ${(((t200 - t50) / 150) * 1000).toFixed(1)} ms)`,
    );
    console.log(
        `  sealing 200 hosts: +${(((fresh - t200) / 200) * 1000).toFixed(1)} ms per host sealed afresh, ` +
            `+${(((kept - t200) / 200) * 1000).toFixed(1)} ms per host unchanged against --state (ratio ×${(fresh / t200).toFixed(2)} / ×${(kept / t200).toFixed(2)})`,
    );
    const cpu = await sealingCpu(200);
    console.log(
        `  sealing provider CPU per host (in-process, 200 hosts): seal ${cpu.create.toFixed(2)} ms, diff of an unchanged file ${cpu.diff.toFixed(3)} ms`,
    );
}

void main();
