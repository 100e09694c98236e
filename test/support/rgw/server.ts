/**
 * Lifecycle of a local Ceph RADOS Gateway: a real S3 server that enforces IAM
 * user policies. Every instance has its own temporary directory and free
 * ports, runs its daemons in the foreground as our children, and is stopped
 * by their pids (never by name).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { INSTALL_HINT, missingBinaries } from "./binaries";
import { monAddrVector, renderCephConf, type CephPorts } from "./ceph-conf";
import { freePorts } from "./ports";

const run = promisify(execFile);

export interface S3Keys {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
}

export interface RgwServer {
    /** `http://127.0.0.1:<port>` */
    readonly endpoint: string;
    readonly port: number;
    /** RGW accepts any region name in SigV4; the IAM API wants us-east-1. */
    readonly region: string;
    readonly admin: S3Keys;
    readonly dir: string;
    readonly pids: { readonly mon: number; readonly osd: number; readonly rgw: number };
    /** Run `radosgw-admin` against this cluster; resolves with stdout. */
    radosgwAdmin(args: readonly string[]): Promise<string>;
    /** Stop only the gateway (the cluster stays): for "server gone mid-run" faults. */
    stopGateway(): Promise<void>;
    /** Stop every daemon by pid and remove the directory. Idempotent. */
    stop(): Promise<void>;
}

export interface StartOptions {
    /** Give up on start after this long (default 60 s). */
    readonly timeoutMs?: number;
    /** Keep the data directory (logs) after stop, for debugging. */
    readonly keepDir?: boolean;
    /** Also serve `<bucket>.<domain>` (virtual-hosted style, as AWS is addressed), e.g. `s3.eu-west-1.amazonaws.com`. */
    readonly virtualHostDomain?: string;
}

export class RgwUnavailableError extends Error {}

interface Daemon {
    readonly name: string;
    readonly child: ChildProcess;
    readonly log: string;
    exited: boolean;
}

const liveDaemons = new Set<Daemon>();
let exitHookInstalled = false;

/** A test process that dies must not leave daemons behind: kill ours by pid on exit. */
function installExitHook(): void {
    if (exitHookInstalled) return;
    exitHookInstalled = true;
    process.on("exit", () => {
        for (const d of liveDaemons) {
            if (!d.exited && d.child.pid !== undefined) {
                try {
                    process.kill(d.child.pid, "SIGKILL");
                } catch {
                    // already gone
                }
            }
        }
    });
}

export async function startRgw(options: StartOptions = {}): Promise<RgwServer> {
    const missing = missingBinaries();
    if (missing.length > 0) {
        throw new RgwUnavailableError(`local S3 server unavailable: ${missing.join(", ")} not on PATH; ${INSTALL_HINT}`);
    }
    installExitHook();
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    const dir = mkdtempSync(join(tmpdir(), "rgw-"));
    for (const sub of ["run", "log", "mon", "osd", "rgw"]) mkdirSync(join(dir, sub));
    const [monV2, monV1, rgwPort] = (await freePorts(3)) as [number, number, number];
    const ports: CephPorts = { monV2, monV1, rgw: rgwPort };
    const fsid = randomUUID();
    const conf = join(dir, "ceph.conf");
    writeFileSync(conf, renderCephConf(dir, fsid, ports, randomKey(16), options.virtualHostDomain));
    const c = ["-c", conf];
    const daemons: Daemon[] = [];
    const cmd = async (bin: string, args: readonly string[], timeoutMs = 20_000): Promise<string> => {
        const { stdout } = await run(bin, [...c, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
        return stdout;
    };

    const stopDaemon = async (d: Daemon): Promise<void> => {
        if (d.exited || d.child.pid === undefined) return;
        const gone = new Promise<void>((resolve) => d.child.once("exit", () => resolve()));
        process.kill(d.child.pid, "SIGTERM");
        const timer = setTimeout(() => {
            if (!d.exited && d.child.pid !== undefined) process.kill(d.child.pid, "SIGKILL");
        }, 10_000);
        await gone;
        clearTimeout(timer);
    };
    let stopped = false;
    const stopAll = async (): Promise<void> => {
        if (stopped) return;
        stopped = true;
        // Gateway first, the monitor last: clients of the mon go before it.
        for (const d of [...daemons].reverse()) await stopDaemon(d);
        if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    };

    try {
        await run("monmaptool", ["--create", "--fsid", fsid, "--addv", "a", monAddrVector(ports), join(dir, "monmap")]);
        await cmd("ceph-mon", ["--mkfs", "-i", "a", "--monmap", join(dir, "monmap")]);
        daemons.push(spawnDaemon("mon", "ceph-mon", [...c, "-i", "a", "-f"], dir));
        await waitFor("ceph-mon", deadline, daemons, async () => {
            await cmd("ceph", ["--connect-timeout", "5", "mon", "stat"], 10_000);
            return true;
        });

        const osdUuid = randomUUID();
        const osdId = (await cmd("ceph", ["--connect-timeout", "5", "osd", "new", osdUuid])).trim();
        if (!/^\d+$/.test(osdId)) throw new Error(`ceph osd new returned "${osdId}", expected an OSD id`);
        mkdirSync(join(dir, "osd", `ceph-${osdId}`));
        await cmd("ceph-osd", ["-i", osdId, "--mkfs", "--osd-uuid", osdUuid]);
        daemons.push(spawnDaemon("osd", "ceph-osd", [...c, "-i", osdId, "-f"], dir));
        await waitFor("ceph-osd", deadline, daemons, async () => /\b1 up\b/.test(await cmd("ceph", ["--connect-timeout", "5", "osd", "stat"], 10_000)));

        daemons.push(spawnDaemon("rgw", "radosgw", [...c, "-n", "client.rgw.a", "-f"], dir));
        const endpoint = `http://127.0.0.1:${ports.rgw}`;
        await waitFor("radosgw", deadline, daemons, async () => (await fetch(endpoint)).status === 200);

        const admin: S3Keys = { accessKeyId: randomKey(20), secretAccessKey: randomKey(40) };
        await cmd("radosgw-admin", [
            "user",
            "create",
            "--uid=admin",
            "--display-name=admin",
            `--access-key=${admin.accessKeyId}`,
            `--secret=${admin.secretAccessKey}`,
        ]);
        await cmd("radosgw-admin", ["caps", "add", "--uid=admin", "--caps=users=*;buckets=*;metadata=*;usage=*;user-policy=*;roles=*"]);

        const [mon, osd, rgw] = daemons.map((d) => d.child.pid) as [number, number, number];
        return {
            endpoint,
            port: ports.rgw,
            region: "us-east-1",
            admin,
            dir,
            pids: { mon, osd, rgw },
            radosgwAdmin: (args) => cmd("radosgw-admin", args),
            stopGateway: async () => {
                const gw = daemons.find((d) => d.name === "rgw");
                if (gw) await stopDaemon(gw);
            },
            stop: stopAll,
        };
    } catch (err) {
        const logs = daemons.map((d) => `--- ${d.name} (${d.log}):\n${tail(d.log)}`).join("\n");
        await stopAll();
        throw new RgwUnavailableError(`local S3 server failed to start: ${(err as Error).message}\n${logs}`);
    }
}

function spawnDaemon(name: string, bin: string, args: readonly string[], dir: string): Daemon {
    const log = join(dir, "log", `${name}.out`);
    const fd = openSync(log, "a");
    const child = spawn(bin, args, { stdio: ["ignore", fd, fd] });
    closeSync(fd);
    const d: Daemon = { name, child, log, exited: false };
    liveDaemons.add(d);
    child.once("exit", () => {
        d.exited = true;
        liveDaemons.delete(d);
    });
    return d;
}

async function waitFor(what: string, deadline: number, daemons: readonly Daemon[], ready: () => Promise<boolean>): Promise<void> {
    for (;;) {
        const dead = daemons.find((d) => d.exited);
        if (dead) throw new Error(`${dead.name} exited while waiting for ${what}`);
        try {
            if (await ready()) return;
        } catch {
            // not ready yet
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

function tail(path: string): string {
    try {
        return readFileSync(path, "utf8").split("\n").slice(-15).join("\n");
    } catch {
        return "(no log)";
    }
}

/** Alphanumeric key material of the given length. */
export function randomKey(length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const bytes = randomBytes(length);
    return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
