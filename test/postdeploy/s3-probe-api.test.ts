/**
 * How the S3 probes (probe-api/s3.ts over aws-lite) read answers radosgw does
 * not give, replayed by a local HTTP server: AWS's error documents (with a
 * Message), its 301 to the bucket's region, DeleteObjects' per-key errors, a
 * server that never answers. Everything radosgw answers is held against the
 * real server instead (test/contract/s3-probe-api-rgw.test.ts).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { classifyError } from "../../cli/shared/error-kind";
import { S3ProbeApi } from "../../cli/postdeploy/probe-api/s3";

interface Seen {
    readonly method: string;
    readonly url: string;
    readonly headers: IncomingMessage["headers"];
    readonly body: Buffer;
}
interface Answer {
    readonly status?: number;
    readonly headers?: Record<string, string>;
    readonly body?: string | Buffer;
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
const XML = { "content-type": "application/xml" };

class S3StandIn {
    answer: (req: Seen) => Answer | undefined = () => ({});
    readonly seen: Seen[] = [];
    private server?: Server;
    endpoint = "";

    async start(): Promise<void> {
        this.server = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => {
                const seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
                this.seen.push(seen);
                const a = this.answer(seen);
                if (!a) return; // never answers: the time limit's case
                res.writeHead(a.status ?? 200, a.headers ?? {});
                res.end(a.body ?? "");
            });
        });
        await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
        this.endpoint = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    }

    stop(): Promise<void> {
        this.server?.closeAllConnections();
        return new Promise((r) => this.server?.close(() => r()));
    }
}

describe("S3 probes over aws-lite", () => {
    const s3 = new S3StandIn();
    before(() => s3.start());
    after(() => s3.stop());
    const api = (timeoutMs = 5000) =>
        new S3ProbeApi(
            { keys: { accessKeyId: "AKIAPROBE", secretAccessKey: "probe-secret" }, endpoint: s3.endpoint, region: "us-east-1" },
            {
                timeoutMs,
                secrets: ["probe-secret"],
                count: () => {},
            },
        );

    it("errors read as '<Code> (HTTP <status>): <message>', which the diagnosis classifies as it did the SDK's", async () => {
        s3.answer = () => ({ status: 403, headers: XML, body: xmlError("AccessDenied", "Access Denied") });
        const refused = await api().readSetting("bkt", "policy");
        assert.deepEqual(refused, { ok: false, text: "AccessDenied (HTTP 403): Access Denied" });
        s3.answer = () => ({ status: 404, headers: XML, body: xmlError("NoSuchBucket", "The specified bucket does not exist") });
        const missing = await api().readVersion("bkt", "p/k", "v1");
        assert.equal(missing.ok ? "" : missing.text, "NoSuchBucket (HTTP 404): The specified bucket does not exist");
        assert.equal(classifyError(missing.ok ? "" : missing.text, "aws"), "no-such-bucket");
    });

    it("a redirect to the bucket's region is an error (aws-lite would take a 301 for success)", async () => {
        s3.answer = () => ({ status: 301, headers: XML, body: xmlError("PermanentRedirect", "use the bucket's endpoint") });
        const res = await api().listVersions("bkt", "p/");
        assert.ok(!res.ok);
        assert.equal(classifyError(res.text, "aws"), "wrong-region");
    });

    it("a refused connection and a silent server give the texts the diagnosis knows, within the time limit", async () => {
        const closed = new S3ProbeApi(
            { keys: { accessKeyId: "a", secretAccessKey: "s" }, endpoint: "http://127.0.0.1:9", region: "us-east-1" },
            {
                timeoutMs: 5000,
                secrets: [],
                count: () => {},
            },
        );
        const refused = await closed.listBuckets();
        assert.equal(classifyError(refused.ok ? "" : refused.text), "connection-refused");
        s3.answer = () => undefined;
        const started = Date.now();
        const silent = await api(300).listBuckets();
        assert.ok(Date.now() - started < 2000, "the call ended at its limit");
        assert.equal(classifyError(silent.ok ? "" : silent.text), "timeout");
    });

    it("purging sends DeleteObjects with its Content-MD5, and fails when the answer lists errors", async () => {
        const listing =
            "<ListVersionsResult><Version><Key>p/a</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest><Size>1</Size></Version></ListVersionsResult>";
        let result = "<DeleteResult></DeleteResult>";
        s3.answer = (req) => ({ headers: XML, body: req.method === "POST" ? result : listing });
        assert.deepEqual(await api().purgeVersions("bkt", "p/"), { ok: true, value: 1 });
        const post = s3.seen.at(-1)!;
        assert.equal(post.headers["content-md5"], createHash("md5").update(post.body).digest("base64"));
        assert.match(post.body.toString(), /<Object><Key>p\/a<\/Key><VersionId>v1<\/VersionId><\/Object><Quiet>true<\/Quiet>/);
        result = "<DeleteResult><Error><Key>p/a</Key><Code>AccessDenied</Code></Error></DeleteResult>";
        const refused = await api().purgeVersions("bkt", "p/");
        assert.match(refused.ok ? "" : refused.text, /DeleteObjects: 1 not removed \(AccessDenied p\/a\)/);
    });
});
