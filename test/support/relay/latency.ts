/**
 * A TCP relay that adds network latency in front of the local radosgw, for
 * `bench:postdeploy`. On 127.0.0.1 a request costs no round trip, so a
 * post-deploy run there is bound by CPU (rclone, node and the server share
 * two cores) and says little about what concurrency buys a host that talks
 * to a bucket over a network, where every call waits a round trip. The relay
 * delays every chunk by half the round trip in each direction (order kept:
 * equal delays fire in the order they were set).
 */
import { createConnection, createServer, type Socket } from "node:net";
import { announcePort, startRelay } from "./child";

export interface LatencyProxy {
    /** `http://127.0.0.1:<port>` */
    readonly endpoint: string;
    stop(): Promise<void>;
}

/** Relay `from` into `to`, each chunk `delayMs` later. */
function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
    from.on("data", (chunk: Buffer) => {
        setTimeout(() => {
            if (!to.destroyed) to.write(chunk);
        }, delayMs);
    });
    from.on("end", () => {
        setTimeout(() => to.end(), delayMs);
    });
}

/** The relay itself (in the relay's process): `<listen port> <upstream port> <round trip ms>`. */
export function serveLatency(listenPort: number, upstreamPort: number, roundTripMs: number): void {
    const oneWay = roundTripMs / 2;
    const server = createServer((client) => {
        const upstream = createConnection({ host: "127.0.0.1", port: upstreamPort });
        for (const s of [client, upstream]) s.setNoDelay(true);
        pipeDelayed(client, upstream, oneWay);
        pipeDelayed(upstream, client, oneWay);
        const close = () => {
            client.destroy();
            upstream.destroy();
        };
        client.on("error", close);
        upstream.on("error", close);
        client.on("close", () => setTimeout(() => upstream.destroy(), oneWay));
        upstream.on("close", () => setTimeout(() => client.destroy(), oneWay));
    });
    server.listen(listenPort, "127.0.0.1", () => announcePort(server.address(), listenPort));
}

/** Start the relay in its own process; resolves once it listens. */
export async function startLatencyProxy(upstreamPort: number, roundTripMs: number): Promise<LatencyProxy> {
    const relay = await startRelay("latency", ["0", String(upstreamPort), String(roundTripMs)]);
    return { endpoint: `http://127.0.0.1:${relay.port}`, stop: relay.stop };
}
