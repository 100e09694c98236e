/**
 * One measured process of `bench:postdeploy`: wall time (this process's clock, spawn to exit) and CPU
 * (user + sys) as the kernel accounts it for the finished child and every descendant it waited for,
 * which is what /usr/bin/time prints (GNU time, `%U %S`, from wait4). `postdeploy` waits for its
 * `rclone rcd` before it exits, so its figure is node + rclone; a healthcheck command's is rclone's.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ProcessRun {
    readonly wallS: number;
    readonly cpuMs: number;
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** rclone 1.60 fails every call when AWS_CA_BUNDLE names a bundle (BRIEF.md); neither side gets it. */
export function benchEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env.AWS_CA_BUNDLE;
    return env;
}

export function timed(command: string, args: readonly string[], cwd: string): Promise<ProcessRun> {
    const t0 = process.hrtime.bigint();
    // `--format` line last on stderr, after anything the command wrote there; `-q` drops GNU time's own notes.
    const child = spawn("/usr/bin/time", ["-q", "-f", "%U %S", command, ...args], { cwd, env: benchEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    return new Promise((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (code) => {
            const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
            const lines = Buffer.concat(err).toString().trimEnd().split("\n");
            const [user, sys] = (lines.pop() ?? "").split(" ").map(Number);
            if (!Number.isFinite(user) || !Number.isFinite(sys)) reject(new Error(`/usr/bin/time printed no CPU line for ${command}`));
            resolve({ wallS, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000, code, stdout: Buffer.concat(out).toString(), stderr: lines.join("\n") });
        });
    });
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`; 100 on Linux). */
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU (user + sys, ms) a running process has used so far, from /proc/<pid>/stat (radosgw and its OSD: not our children's accounting). */
export function liveCpuMs(pid: number): number {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
