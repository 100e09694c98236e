/**
 * A recording HTTP relay: rclone reaches it as its HTTP proxy (HTTP_PROXY)
 * or as its endpoint, and it forwards every request to the local radosgw
 * unchanged (method, path and query byte for byte, every header including
 * Host, the body streamed), so SigV4 signatures still verify. Each request is
 * recorded as one JSON line: method, Host, path, decoded query, the headers
 * that decide what a request needs (ACL, grants, SSE, copy source, metadata,
 * range, checksums, …) and the status it got.
 *
 * No secret is kept: of Authorization only the access key id and credential
 * scope (the signature goes), the session token and SSE-C keys are dropped,
 * presigned query signatures are redacted; every other header is recorded
 * by name only. The file is created 0600.
 *
 * Why a relay rather than `rclone --dump headers`: the relay sees what
 * reaches the server (after rclone, its SDK and Go's transport), needs no
 * change to the command a host runs, and is the same for every rclone
 * version; the dump is rclone's own account of the request, printed with the
 * secrets in it (--dump headers prints X-Amz-Security-Token).
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { Agent, createServer, request, type IncomingMessage } from "node:http";
import { announcePort, startRelay } from "./child";

/** One request rclone made, as recorded. Structurally an S3WireRequest (components/providers/aws/requests.ts). */
export interface RecordedRequest {
    readonly seq: number;
    /** When the request arrived (RFC 3339): the instant a policy's aws:CurrentTime is evaluated at. */
    readonly time: string;
    readonly method: string;
    readonly host: string;
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
    /** The recorded headers, names lower-case. */
    readonly headers: Readonly<Record<string, string>>;
    /** Names of the headers not recorded (values dropped). */
    readonly otherHeaders: readonly string[];
    /** From the SigV4 Authorization header (or X-Amz-Credential of a presigned URL). */
    readonly accessKeyId?: string;
    /** `<date>/<region>/<service>/aws4_request`. */
    readonly credentialScope?: string;
    readonly status?: number;
    readonly error?: string;
}

/** Headers recorded with their values: everything that decides which actions a request needs, and nothing secret. */
const RECORDED: readonly (string | RegExp)[] = [
    "x-amz-acl",
    /^x-amz-grant-/,
    "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-server-side-encryption-context",
    "x-amz-server-side-encryption-bucket-key-enabled",
    "x-amz-server-side-encryption-customer-algorithm",
    /^x-amz-copy-source(-range|-if-.*)?$/,
    "x-amz-metadata-directive",
    "x-amz-tagging",
    "x-amz-tagging-directive",
    "x-amz-storage-class",
    /^x-amz-object-lock-/,
    "x-amz-bypass-governance-retention",
    /^x-amz-meta-/,
    "x-amz-content-sha256",
    /^x-amz-checksum-/,
    "x-amz-sdk-checksum-algorithm",
    "x-amz-trailer",
    "x-amz-decoded-content-length",
    "x-amz-expected-bucket-owner",
    "x-amz-request-payer",
    "content-md5",
    "content-type",
    "content-length",
    "content-encoding",
    "range",
    /^if-/,
    "expect",
    "user-agent",
];

/** Query parameters of a presigned URL that carry a secret. */
const SECRET_QUERY = ["X-Amz-Signature", "X-Amz-Security-Token"];

function recorded(name: string): boolean {
    return RECORDED.some((r) => (typeof r === "string" ? r === name : r.test(name)));
}

/** `Credential=AKID/20261202/eu-west-1/s3/aws4_request` → its two parts. */
function credentialOf(value: string | undefined): { accessKeyId?: string; credentialScope?: string } {
    const m = /(?:^|[\s,])(?:Credential=)?([A-Za-z0-9]+)\/(\d{8}\/[^/]+\/[^/]+\/aws4_request)/.exec(value ?? "");
    return m ? { accessKeyId: m[1]!, credentialScope: m[2]! } : {};
}

/** The record of a request (before its response). `target` is the request-target: absolute-form through a proxy, else origin-form. */
export function recordOf(seq: number, req: Pick<IncomingMessage, "method" | "headers">, target: string): Omit<RecordedRequest, "status" | "error"> {
    const url = new URL(target, `http://${req.headers.host ?? "relay"}`);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = SECRET_QUERY.includes(k) ? "(redacted)" : v;
    const headers: Record<string, string> = {};
    const otherHeaders: string[] = [];
    for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        if (recorded(name)) headers[name] = Array.isArray(value) ? value.join(", ") : value;
        else otherHeaders.push(name);
    }
    const auth = typeof req.headers.authorization === "string" ? req.headers.authorization : (url.searchParams.get("X-Amz-Credential") ?? undefined);
    const credential = credentialOf(auth);
    if (query["X-Amz-Credential"] !== undefined)
        query["X-Amz-Credential"] = credential.accessKeyId ? `${credential.accessKeyId}/${credential.credentialScope}` : "(redacted)";
    return {
        seq,
        time: new Date().toISOString(),
        method: req.method ?? "",
        host: req.headers.host ?? url.host,
        path: url.pathname,
        query,
        headers,
        otherHeaders: otherHeaders.sort(),
        ...credential,
    };
}

/** The path and query as sent, from an absolute-form (`http://host/p?q`) or origin-form (`/p?q`) target: byte for byte. */
function originForm(target: string): string {
    const m = /^[a-z]+:\/\/[^/?#]*(.*)$/i.exec(target);
    const rest = m ? m[1]! : target;
    return rest === "" || rest.startsWith("?") ? `/${rest}` : rest;
}

/** The relay itself (in the relay's process). */
export function serveRecording(listenPort: number, upstreamPort: number, file: string): void {
    const fd = openSync(file, "a", 0o600);
    const agent = new Agent({ keepAlive: true });
    let seq = 0;
    const write = (r: RecordedRequest) => writeSync(fd, `${JSON.stringify(r)}\n`);
    const server = createServer((req, res) => {
        const target = req.url ?? "/";
        const entry = recordOf(++seq, req, target);
        // Proxy-* headers are for the proxy alone; everything else (Host too) goes on as sent.
        const paired: string[] = [];
        for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
            if (!/^proxy-/i.test(req.rawHeaders[i]!)) paired.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
        }
        const up = request({ host: "127.0.0.1", port: upstreamPort, method: req.method, path: originForm(target), headers: paired, agent }, (ur) => {
            write({ ...entry, status: ur.statusCode });
            res.writeHead(ur.statusCode ?? 502, ur.rawHeaders);
            ur.pipe(res);
        });
        up.on("error", (e) => {
            write({ ...entry, error: e.message });
            res.destroy();
        });
        req.pipe(up);
    });
    server.listen(listenPort, "127.0.0.1", () => announcePort(server.address(), listenPort));
    process.once("SIGTERM", () => {
        server.close();
        server.closeAllConnections();
        agent.destroy();
        closeSync(fd);
        process.exit(0);
    });
}

export interface RecordingRelay {
    /** `http://127.0.0.1:<port>`: rclone's HTTP_PROXY (or its endpoint). */
    readonly url: string;
    readonly port: number;
    readonly pid: number;
    /** Stop the relay; the file then holds every request it saw. */
    stop(): Promise<void>;
}

/** Start a recording relay in its own process in front of `upstreamPort`, appending to `file`. */
export async function startRecordingRelay(upstreamPort: number, file: string): Promise<RecordingRelay> {
    const relay = await startRelay("record", ["0", String(upstreamPort), file]);
    return { url: `http://127.0.0.1:${relay.port}`, port: relay.port, pid: relay.pid, stop: relay.stop };
}

/** The requests a relay recorded, in order. */
export function readRecording(file: string): RecordedRequest[] {
    return readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as RecordedRequest)
        .sort((a, b) => a.seq - b.seq);
}
