/** The relay process: `main.ts latency <listen> <upstream> <rtt ms>` or `main.ts record <listen> <upstream> <file>`. */
import { serveLatency } from "./latency";
import { serveRecording } from "./recording";

const [mode, listen, upstream, arg] = process.argv.slice(2);
if (mode === "latency") serveLatency(Number(listen ?? 0), Number(upstream), Number(arg ?? 20));
else if (mode === "record" && arg) serveRecording(Number(listen ?? 0), Number(upstream), arg);
else {
    process.stderr.write("usage: main.ts latency <listen> <upstream> <rtt ms> | record <listen> <upstream> <file>\n");
    process.exit(2);
}
