/**
 * `npm run bench:startup`: the CPU (user + sys, from the kernel's accounting of the finished child, as
 * /usr/bin/time reports it) of each command's `--help`, run from the built files (.build/), median of N
 * runs (BENCH_RUNS, default 7) after one warm-up. The target (issue 19) is 150 ms each; this prints, never judges.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.join(__dirname, "..", "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
    ...["plan", "postdeploy", "pull-config", "permissions-diff", "deployer-policy", "rotate"].map((c) => [c, [`.build/cli/${c}/main.js`, "--help"]] as const),
    ["backup-remotes", [".build/cli/main.js", "--help"]],
];

/** CPU seconds (user + sys) of one run. */
function cpuOf(args: readonly string[]): number {
    // /usr/bin/time writes its line last on stderr, after anything the command wrote there.
    const out = spawnSync("/usr/bin/time", ["-f", "%U %S", process.execPath, ...args], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "ignore", "pipe"],
    }).stderr;
    const [user, sys] = out.trim().split("\n").pop()!.split(" ").map(Number);
    return (user ?? NaN) + (sys ?? NaN);
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)]!;
}

console.log(`--help CPU (user+sys), median of ${RUNS} runs, from .build/ (target 150 ms)`);
for (const [name, args] of COMMANDS) {
    cpuOf(args);
    const runs = Array.from({ length: RUNS }, () => cpuOf(args));
    console.log(
        `  ${name.padEnd(18)} ${(median(runs) * 1000).toFixed(0).padStart(5)} ms   (min ${(Math.min(...runs) * 1000).toFixed(0)}, max ${(Math.max(...runs) * 1000).toFixed(0)})`,
    );
}
