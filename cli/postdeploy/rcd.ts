/**
 * The run's rclone, as one long-lived `rclone rcd` driven through rclone's
 * rc API (rclone 1.60.1: operations/list, operations/copyfile,
 * operations/deletefile, sync/copy, core/stats,
 * job/stopgroup, core/version). One process instead of ~150 per 9-section
 * run. Errors are rclone's own texts (the rc reply's `error` field), redacted.
 * See rcd-process.ts for how the daemon is kept private.
 */
import { Agent, request } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { processCpuMs, spawnDaemon, stopDaemon, type DaemonProcess, type SpawnOptions } from "./rcd-process";
import { redact } from "../shared/rclone";

export interface RcOk<T> {
    readonly ok: true;
    readonly out: T;
    readonly durationMs: number;
}

export interface RcFailure {
    readonly ok: false;
    /** rclone's error text (redacted), or why the call could not be made. */
    readonly error: string;
    readonly timedOut: boolean;
    /** The daemon itself did not answer (gone, refused the connection). */
    readonly rcdGone: boolean;
    readonly durationMs: number;
}

export type RcResult<T> = RcOk<T> | RcFailure;

/** What `core/stats` reports for one call's stats group. */
export interface RcStats {
    readonly bytes: number;
    readonly transfers: number;
    readonly errors: number;
    readonly checks: number;
}

export class RcloneDaemon {
    /** rc calls made. */
    calls = 0;
    private groups = 0;
    private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
    private readonly auth: string;

    private constructor(
        private readonly proc: DaemonProcess,
        private readonly secrets: readonly string[],
    ) {
        this.auth = "Basic " + Buffer.from(`${proc.user}:${proc.pass}`).toString("base64");
    }

    static async start(opts: SpawnOptions): Promise<RcloneDaemon> {
        const proc = await spawnDaemon(opts);
        return new RcloneDaemon(proc, [...opts.secrets, proc.user, proc.pass]);
    }

    get pid(): number {
        return this.proc.pid;
    }

    /** A path inside the daemon's private 0700 directory (sources and downloads of probes). */
    localPath(...parts: string[]): string {
        return join(this.proc.dir, ...parts);
    }

    /** A fresh stats group name, so a call's transfers can be counted and the call stopped. */
    newGroup(): string {
        return `pd${++this.groups}`;
    }

    /** One rc call; never throws. On timeout the call's job group is stopped in rclone too. */
    async call<T = Record<string, unknown>>(path: string, params: Record<string, unknown>, timeoutMs: number, group = this.newGroup()): Promise<RcResult<T>> {
        this.calls++;
        const started = Date.now();
        const res = await this.post(path, { ...params, _group: group }, timeoutMs);
        const durationMs = Date.now() - started;
        if (res.timedOut) void this.post("job/stopgroup", { group }, 5000);
        if (res.status === 200 && res.json !== undefined) return { ok: true, out: res.json as T, durationMs };
        const message = res.error ?? (typeof res.json?.error === "string" ? res.json.error : `rc ${path}: HTTP ${res.status}`);
        return { ok: false, error: redact(message, this.secrets), timedOut: res.timedOut, rcdGone: res.gone, durationMs };
    }

    /** Transfers of one stats group. */
    async stats(group: string): Promise<RcStats | undefined> {
        const res = await this.call<Partial<RcStats>>("core/stats", { group }, 10_000, "stats");
        if (!res.ok) return undefined;
        return { bytes: res.out.bytes ?? 0, transfers: res.out.transfers ?? 0, errors: res.out.errors ?? 0, checks: res.out.checks ?? 0 };
    }

    /** CPU time the daemon has used so far (Linux /proc), for the benchmark and the report. */
    cpuMs(): number | undefined {
        return processCpuMs(this.proc.pid, (p) => readFileSync(p, "utf8"));
    }

    /** The last lines rclone logged (redacted). */
    logTail(n = 5): string {
        return this.proc.log.slice(-n).join("\n");
    }

    async stop(): Promise<void> {
        this.agent.destroy();
        await stopDaemon(this.proc);
    }

    private post(
        path: string,
        body: Record<string, unknown>,
        timeoutMs: number,
    ): Promise<{ status: number; json?: Record<string, unknown>; error?: string; timedOut: boolean; gone: boolean }> {
        const payload = JSON.stringify(body);
        return new Promise((resolve) => {
            let timedOut = false;
            const req = request(
                {
                    host: "127.0.0.1",
                    port: this.proc.port,
                    path: `/${path}`,
                    method: "POST",
                    agent: this.agent,
                    headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload), Authorization: this.auth },
                },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (c: Buffer) => chunks.push(c));
                    res.on("end", () => {
                        clearTimeout(timer);
                        const text = Buffer.concat(chunks).toString("utf8");
                        let json: Record<string, unknown> | undefined;
                        try {
                            json = JSON.parse(text) as Record<string, unknown>;
                        } catch {
                            json = undefined;
                        }
                        resolve({ status: res.statusCode ?? 0, ...(json ? { json } : { error: text.trim() }), timedOut: false, gone: false });
                    });
                },
            );
            const timer = setTimeout(() => {
                timedOut = true;
                req.destroy();
            }, timeoutMs);
            req.on("error", (e: NodeJS.ErrnoException) => {
                clearTimeout(timer);
                const error = timedOut
                    ? `killed after the ${Math.round(timeoutMs / 1000)} s check timeout`
                    : `rclone rcd did not answer (${e.code ?? e.message})`;
                resolve({ status: 0, error, timedOut, gone: !timedOut });
            });
            req.end(payload);
        });
    }
}
