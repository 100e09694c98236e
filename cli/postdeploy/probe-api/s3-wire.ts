/**
 * S3's REST API, one request at a time, over @aws-lite/client (which signs
 * with aws4): addressing, time limit, XML documents and error texts for
 * s3.ts. aws-lite rather than @aws-sdk/client-s3 because the probes make
 * 100–250 calls a run and the SDK costs about twice the CPU per call and
 * ~70 ms to load (measured against radosgw here).
 */
import { createHash } from "node:crypto";
import { STATUS_CODES } from "node:http";
import awsLite, { type AwsLiteClient, type AwsLiteConfig, type AwsLiteRequest, type AwsLiteResponse } from "@aws-lite/client";

export interface S3Identity {
    /** Undefined: aws-lite's credential chain (an rclone section with `env_auth = true`). */
    readonly keys?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
    /** "" for AWS's own endpoints (chosen by region). */
    readonly endpoint: string;
    readonly region: string;
}

/** One S3 request: a bucket (none: the service, e.g. ListBuckets), a key, a sub-resource query. */
export interface S3Call {
    readonly method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE";
    readonly bucket?: string;
    readonly key?: string;
    readonly query?: Readonly<Record<string, string | undefined>>;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: Buffer | string;
}

/** Options aws-lite reads from a request but does not declare: a raw body, and `signal`, handed to http.request with the rest. */
type Request = AwsLiteRequest & { rawResponsePayload?: boolean; signal?: AbortSignal };

const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
/** Bucket names the SDK addresses virtual-hosted style over https (no dots: they would not match AWS's wildcard certificate). */
const VIRTUAL_HOSTABLE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export class S3Wire {
    private readonly client: Promise<AwsLiteClient>;
    /** The region requests are signed for (and AWS's endpoint is chosen by). */
    readonly region: string;
    /** AWS's regional endpoint; undefined for another server (path-style requests to its endpoint). */
    private readonly awsHost: string | undefined;

    constructor(
        id: S3Identity,
        private readonly timeoutMs: number,
    ) {
        this.region = id.region || "us-east-1";
        this.awsHost = id.endpoint ? undefined : `s3.${this.region}.amazonaws.com`;
        this.client = awsLite(clientConfig(id, this.region, this.awsHost));
        // A client that cannot start (e.g. no credentials in the chain) fails each call with its text; not unhandled meanwhile.
        this.client.catch(() => {});
    }

    /** Whether the bucket's server is AWS itself (which names a region when creating a bucket). */
    get isAws(): boolean {
        return this.awsHost !== undefined;
    }

    /** The response of a successful call; throws aws-lite's error (or a timeout or redirect) otherwise. */
    send(call: S3Call): Promise<AwsLiteResponse> {
        return withTimeout(this.timeoutMs, async (signal) => {
            const aws = await this.client;
            return checked(await aws(this.request(call, signal)));
        });
    }

    /** An object's bytes as stored, whatever its content type (aws-lite would otherwise parse JSON and XML bodies). */
    bytes(call: S3Call): Promise<Buffer> {
        return withTimeout(this.timeoutMs, async (signal) => {
            const aws = (await this.client) as AwsLiteClient & { ProbeRaw: { GetBytes(r: Request): Promise<AwsLiteResponse> } };
            const res = checked(await aws.ProbeRaw.GetBytes({ ...this.request(call, signal), rawResponsePayload: true }));
            return Buffer.isBuffer(res.payload) ? res.payload : Buffer.alloc(0);
        });
    }

    private request(call: S3Call, signal: AbortSignal): Request {
        const { host, path } = this.address(call.bucket, call.key);
        return {
            service: "s3",
            method: call.method,
            path,
            ...(host ? { host } : {}),
            ...(call.query ? { query: { ...call.query } } : {}),
            headers: { ...call.headers },
            ...(call.body !== undefined ? { payload: call.body } : {}),
            signal,
        };
    }

    /** Path-style on a custom endpoint (radosgw, R2, B2); on AWS virtual-hosted style where the name allows, as the SDK does. */
    private address(bucket: string | undefined, key: string | undefined): { host?: string; path: string } {
        const keyPath = key === undefined ? "" : `/${encodeKey(key)}`;
        if (bucket === undefined) return { path: "/" };
        if (this.awsHost && VIRTUAL_HOSTABLE.test(bucket)) return { host: `${bucket}.${this.awsHost}`, path: keyPath || "/" };
        return { path: `/${bucket}${keyPath}` };
    }
}

function clientConfig(id: S3Identity, region: string, awsHost: string | undefined): AwsLiteConfig {
    return {
        region,
        // A host given: aws-lite neither validates the region against AWS's list (R2's "auto") nor reads AWS_ENDPOINT_URL.
        ...(awsHost ? { protocol: "https", host: awsHost } : { endpoint: id.endpoint }),
        // No keys: aws-lite's own chain (environment, ~/.aws profiles including SSO, container and instance metadata),
        // the environment's identity as rclone's env_auth takes it; ~/.aws/config is read for its profiles, as the SDK did.
        ...(id.keys ? { ...id.keys } : { awsConfigFile: true }),
        // At most 2 attempts, as the SDK had; sockets kept open between the run's calls.
        retries: 1,
        keepAlive: true,
        plugins: [RAW_GET],
    };
}

/**
 * GetObject with the body left raw (rawResponsePayload): a plugin method, because its error hook still sees the
 * response (a raw body would otherwise reach aws-lite's error handler as bytes, losing S3's error code).
 */
const RAW_GET = {
    name: "backup-remotes-raw-get",
    service: "s3",
    property: "ProbeRaw",
    methods: {
        GetBytes: {
            error: (err: { error?: unknown }) => (Buffer.isBuffer(err.error) ? { ...err, error: errorDocument(err.error) } : err),
        },
    },
};

/** S3's error document `<Error><Code>…</Code><Message>…</Message>…</Error>`: its code and message. */
function errorDocument(body: Buffer): { Code?: string; Message?: string } {
    const text = body.toString("utf8");
    const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
    const code = field("Code");
    const message = field("Message");
    return { ...(code ? { Code: unescapeXml(code) } : {}), ...(message ? { Message: unescapeXml(message) } : {}) };
}

/**
 * aws-lite takes any status below 303 for success; S3 answers a request to another region's endpoint with
 * 301 PermanentRedirect, an error to the SDK and to the diagnosis ("HTTP 301").
 */
function checked(res: AwsLiteResponse): AwsLiteResponse {
    if (res.statusCode < 300) return res;
    const doc = Buffer.isBuffer(res.payload) ? errorDocument(res.payload) : ((res.payload ?? {}) as { Code?: string; Message?: string });
    throw Object.assign(new Error(doc.Message ?? ""), { statusCode: res.statusCode, ...(doc.Code ? { code: doc.Code } : {}) });
}

/**
 * aws-lite has no time limit: the signal reaches node's http.request (which aborts the request and its
 * socket), and the race ends the call at the limit even where no request is running (a retry's pause).
 */
async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            reject(Object.assign(new Error(`no answer within ${ms} ms (timed out)`), { name: "TimeoutError" }));
            controller.abort();
        }, ms);
    });
    try {
        return await Promise.race([fn(controller.signal), expired]);
    } finally {
        clearTimeout(timer);
    }
}

/** "AccessDenied (HTTP 403): Access Denied" / "Error: getaddrinfo ENOTFOUND host": the texts the diagnosis recognises (as the SDK's were). */
export function describeS3Error(e: unknown): string {
    const err = e as { name?: string; message?: string; code?: string; statusCode?: number };
    // aws-lite prefixes its messages with its name and the service, and says "unknown error" for a body-less error (a HEAD's).
    const message = (err.message ?? "").replace(/^@aws-lite\/client: [^:]*: /, "").replace(/^unknown error$/, "");
    const status = err.statusCode;
    const name = err.code || (status ? statusName(status) : err.name || "Error");
    return `${name}${status ? ` (HTTP ${status})` : ""}${message ? `: ${message}` : ""}`;
}

/** A status's name as the SDK names a body-less error: 404 NotFound, 403 Forbidden. */
function statusName(status: number): string {
    return (STATUS_CODES[status] ?? "UnknownError").replace(/[^A-Za-z]/g, "");
}

/** Each path segment percent-encoded as SigV4 wants (RFC 3986: also !'()*), slashes kept. */
function encodeKey(key: string): string {
    return key
        .split("/")
        .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
        .join("/");
}

/** Headers of an XML request body; Content-MD5 because S3 requires one for DeleteObjects and bucket configurations. */
export function xmlHeaders(body: string): Record<string, string> {
    return { "content-type": "application/xml", "content-md5": createHash("md5").update(body).digest("base64") };
}

/** An S3 request document: `<root xmlns>…</root>` from an object as aws-lite parses one (arrays repeat their element). */
export function xmlDocument(root: string, content: Readonly<Record<string, unknown>>): string {
    return `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="${XMLNS}">${xmlContent(content)}</${root}>`;
}

function xmlContent(content: Readonly<Record<string, unknown>>): string {
    return Object.entries(content)
        .map(([name, value]) => xmlElement(name, value))
        .join("");
}

function xmlElement(name: string, value: unknown): string {
    if (Array.isArray(value)) return value.map((v) => xmlElement(name, v)).join("");
    if (value !== null && typeof value === "object") return `<${name}>${xmlContent(value as Record<string, unknown>)}</${name}>`;
    return `<${name}>${escapeXml(String(value ?? ""))}</${name}>`;
}

function escapeXml(s: string): string {
    return s.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}

function unescapeXml(s: string): string {
    return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e] ?? "");
}

/** One element or several, as parsed XML gives them (a single child is an object, not an array). */
export function list(v: unknown): unknown[] {
    if (v === undefined || v === null || v === "") return [];
    return Array.isArray(v) ? v : [v];
}

/**
 * An element's text. aws-lite turns texts that look like numbers, booleans or dates into those (and "null" into
 * null): back to the string S3 sent, which is exact for every key and id that is not, say, "007" or "1e3".
 */
export function text(v: unknown): string {
    if (v === null) return "null";
    if (v instanceof Date) return v.toISOString();
    return v === undefined ? "" : String(v);
}

/** text(), or undefined for an absent element (a query parameter not to send). */
export function optionalText(v: unknown): string | undefined {
    return v === undefined || v === "" ? undefined : text(v);
}
