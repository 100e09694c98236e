/**
 * Starting and stopping the one `rclone rcd` of a run. The daemon holds every
 * section's keys, so:
 *  - it listens on 127.0.0.1 only, on a port the OS picks (rclone 1.60 cannot
 *    serve rc on a unix socket: cmd/serve/httplib only listens on TCP);
 *  - it requires HTTP basic auth with a random user and password passed in
 *    its environment (RCLONE_RC_USER / RCLONE_RC_PASS): a command line is
 *    readable by every local user, /proc/<pid>/environ only by us;
 *  - its config is 0600 in a 0700 directory, removed with the daemon;
 *  - it is killed by its pid on every exit path (normal end, exception,
 *    SIGINT/SIGTERM/SIGHUP, process exit), never by name.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "../shared/cli-error";
import { BOUNDED_FLAGS, INSTALL_RCLONE_HINT, rcloneEnv, redact } from "../shared/rclone";

export interface DaemonProcess {
    readonly child: ChildProcess;
    readonly pid: number;
    readonly dir: string;
    readonly port: number;
    readonly user: string;
    readonly pass: string;
    /** Redacted stderr lines, newest last (bounded). */
    readonly log: string[];
}

export interface SpawnOptions {
    readonly configText: string;
    readonly secrets: readonly string[];
    readonly binary: string;
    /** Also append rclone's (redacted) log to this file, created 0600. */
    readonly logFile?: string;
    /** rclone log level -v (INFO) instead of NOTICE. */
    readonly verbose?: boolean;
}

const live = new Map<number, DaemonProcess>();
let hooksInstalled = false;

export async function spawnDaemon(opts: SpawnOptions): Promise<DaemonProcess> {
    installExitHooks();
    const dir = mkdtempSync(join(tmpdir(), "postdeploy-"));
    chmodSync(dir, 0o700);
    const configPath = join(dir, "rclone.conf");
    writeFileSync(configPath, opts.configText, { mode: 0o600 });
    chmodSync(configPath, 0o600);
    const user = randomBytes(12).toString("hex");
    const pass = randomBytes(24).toString("hex");
    const args = ["rcd", "--config", configPath, "--rc-addr", "127.0.0.1:0", ...BOUNDED_FLAGS, ...(opts.verbose ? ["-v"] : [])];
    const child = spawn(opts.binary, args, {
        env: { ...rcloneEnv(), RCLONE_RC_USER: user, RCLONE_RC_PASS: pass },
        stdio: ["ignore", "ignore", "pipe"],
    });
    const secrets = [...opts.secrets, user, pass];
    const log: string[] = [];
    const logFd = opts.logFile ? openLog(opts.logFile) : undefined;
    try {
        const port = await waitForPort(child, log, secrets, logFd, opts.binary);
        const proc: DaemonProcess = { child, pid: child.pid!, dir, port, user, pass, log };
        live.set(proc.pid, proc);
        child.once("exit", () => {
            live.delete(proc.pid);
            if (logFd !== undefined) closeSync(logFd);
        });
        return proc;
    } catch (e) {
        if (child.pid !== undefined && child.exitCode === null) child.kill("SIGKILL");
        if (logFd !== undefined) closeSync(logFd);
        rmSync(dir, { recursive: true, force: true });
        throw e;
    }
}

function openLog(path: string): number {
    const fd = openSync(path, "a", 0o600);
    chmodSync(path, 0o600);
    return fd;
}

/** Reads rclone's stderr (redacted, kept and optionally logged) until it names the port it serves on. */
function waitForPort(child: ChildProcess, log: string[], secrets: readonly string[], logFd: number | undefined, binary: string): Promise<number> {
    return new Promise((resolve, reject) => {
        let pending = "";
        const timer = setTimeout(() => reject(new CliError(`rclone rcd did not start within 20 s:\n${log.slice(-5).join("\n")}`)), 20_000);
        child.stderr!.setEncoding("utf8");
        child.stderr!.on("data", (chunk: string) => {
            pending += chunk;
            const lines = pending.split("\n");
            pending = lines.pop() ?? "";
            for (const raw of lines) {
                const line = redact(raw, secrets);
                log.push(line);
                if (log.length > 200) log.shift();
                if (logFd !== undefined) writeSync(logFd, line + "\n");
                const m = /Serving remote control on http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
                if (m) {
                    clearTimeout(timer);
                    resolve(Number(m[1]));
                }
            }
        });
        child.once("error", (e: NodeJS.ErrnoException) => {
            clearTimeout(timer);
            reject(new CliError(`cannot run ${binary} (${e.code ?? e.message}): ${INSTALL_RCLONE_HINT}`));
        });
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new CliError(`rclone rcd exited (code ${code}) before serving:\n${log.slice(-5).join("\n")}`));
        });
    });
}

/** SIGTERM, then SIGKILL after 3 s; the directory (config, probes) goes with it. */
export async function stopDaemon(proc: DaemonProcess): Promise<void> {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
        const gone = new Promise<void>((r) => proc.child.once("exit", () => r()));
        proc.child.kill("SIGTERM");
        const timer = setTimeout(() => proc.child.kill("SIGKILL"), 3000);
        await gone;
        clearTimeout(timer);
    }
    live.delete(proc.pid);
    rmSync(proc.dir, { recursive: true, force: true });
}

function killAllNow(): void {
    for (const p of live.values()) {
        try {
            process.kill(p.pid, "SIGKILL");
        } catch {
            // already gone
        }
        rmSync(p.dir, { recursive: true, force: true });
    }
    live.clear();
}

/** A run that dies must not leave a daemon holding keys behind. */
function installExitHooks(): void {
    if (hooksInstalled) return;
    hooksInstalled = true;
    process.on("exit", killAllNow);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        const handler = (): void => {
            killAllNow();
            process.removeListener(signal, handler);
            // Default behaviour of the signal from here on (the process ends as it would have).
            process.kill(process.pid, signal);
        };
        process.on(signal, handler);
    }
}

/** CPU time (user + system, ms) the process has used, from /proc; undefined where there is no /proc. */
export function processCpuMs(pid: number, readStat: (path: string) => string): number | undefined {
    try {
        const fields = readStat(`/proc/${pid}/stat`).split(") ")[1]!.split(" ");
        // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}
