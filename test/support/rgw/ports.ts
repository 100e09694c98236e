import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const addr = srv.address();
            if (addr === null || typeof addr === "string") {
                srv.close();
                reject(new Error("could not obtain a free port"));
                return;
            }
            srv.close(() => resolve(addr.port));
        });
    });
}

/** Distinct free ports (asked for one after another, so never the same twice). */
export async function freePorts(n: number): Promise<number[]> {
    const ports: number[] = [];
    while (ports.length < n) {
        const p = await freePort();
        if (!ports.includes(p)) ports.push(p);
    }
    return ports;
}
