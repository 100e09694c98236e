/**
 * The relays run as processes of their own (their CPU is not the run's, and a
 * test's own event loop can block on a child it waits for without stalling
 * them): `startRelay` spawns `main.ts` with a mode and its arguments, resolves
 * once it prints the port it listens on, and stops it by its pid.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface RelayProcess {
    readonly port: number;
    readonly pid: number;
    /** SIGTERM; resolves when the relay has exited (a recording relay has flushed its file by then). */
    stop(): Promise<void>;
}

const MAIN = join(__dirname, "main.ts");

export function startRelay(mode: string, args: readonly string[]): Promise<RelayProcess> {
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", MAIN, mode, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    return new Promise((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`${mode} relay exited (${code}) before listening`)));
        child.stdout!.once("data", (d: Buffer) => {
            const port = Number(d.toString().trim());
            child.removeAllListeners("exit");
            const exited = new Promise<void>((done) => child.once("exit", () => done()));
            resolve({
                port,
                pid: child.pid!,
                stop: async () => {
                    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
                    await exited;
                },
            });
        });
    });
}

/** Print the port a server listens on: the line `startRelay` waits for. */
export function announcePort(address: unknown, fallback: number): void {
    const port = typeof address === "object" && address !== null && "port" in address ? Number((address as { port: number }).port) : fallback;
    process.stdout.write(`${port}\n`);
}
