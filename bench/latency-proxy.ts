/**
 * A TCP relay that adds network latency in front of the local radosgw, for
 * `bench:postdeploy` only. On 127.0.0.1 a request costs no round trip, so a
 * post-deploy run there is bound by CPU (rclone, node and the server share
 * two cores) and says little about what concurrency buys a host that talks
 * to a bucket over a network, where every call waits a round trip. The relay
 * delays every chunk by half the round trip in each direction (order kept:
 * equal delays fire in the order they were set).
 *
 * It runs as its own process so its CPU is not counted as the run's:
 * `startLatencyProxy` spawns this file; run directly it relays
 * `<listen port> <upstream port> <round trip ms>` and prints its port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createConnection, createServer, type Socket } from "node:net";

export interface LatencyProxy {
    /** `http://127.0.0.1:<port>` */
    readonly endpoint: string;
    stop(): Promise<void>;
}

/** Relay `from` into `to`, each chunk `delayMs` later. */
function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
    from.on("data", (chunk: Buffer) => { setTimeout(() => { if (!to.destroyed) to.write(chunk); }, delayMs); });
    from.on("end", () => { setTimeout(() => to.end(), delayMs); });
}

function serve(listenPort: number, upstreamPort: number, roundTripMs: number): void {
    const oneWay = roundTripMs / 2;
    const server = createServer((client) => {
        const upstream = createConnection({ host: "127.0.0.1", port: upstreamPort });
        for (const s of [client, upstream]) s.setNoDelay(true);
        pipeDelayed(client, upstream, oneWay);
        pipeDelayed(upstream, client, oneWay);
        const close = () => { client.destroy(); upstream.destroy(); };
        client.on("error", close);
        upstream.on("error", close);
        client.on("close", () => setTimeout(() => upstream.destroy(), oneWay));
        upstream.on("close", () => setTimeout(() => client.destroy(), oneWay));
    });
    server.listen(listenPort, "127.0.0.1", () => {
        const addr = server.address();
        process.stdout.write(`${typeof addr === "object" && addr ? addr.port : listenPort}\n`);
    });
}

/** Start the relay in its own process; resolves once it listens. */
export function startLatencyProxy(upstreamPort: number, roundTripMs: number): Promise<LatencyProxy> {
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", __filename, "0", String(upstreamPort), String(roundTripMs)],
        { stdio: ["ignore", "pipe", "inherit"] });
    return new Promise((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`latency proxy exited (${code}) before listening`)));
        child.stdout!.once("data", (d: Buffer) => {
            const port = Number(d.toString().trim());
            resolve({
                endpoint: `http://127.0.0.1:${port}`,
                stop: () => new Promise((done) => { child.removeAllListeners("exit"); child.once("exit", () => done()); child.kill(); }),
            });
        });
    });
}

if (require.main === module) {
    const [listen, upstream, rtt] = process.argv.slice(2).map(Number);
    serve(listen ?? 0, upstream!, rtt ?? 20);
}
