/**
 * The S3 probes' requests and how their answers read, against a stand-in: a
 * local HTTP server answering as S3 documents it (XML error documents,
 * body-less HEAD errors, ListObjectVersions pages, DeleteObjects results).
 * It checks our client (probe-api/s3.ts over aws-lite), not S3: the contract
 * tests run the same calls against radosgw.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { classifyError } from "../../cli/postdeploy/diagnosis";
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

    it("a version's HEAD: 200 exists, 404 does not, 403 cannot tell", async () => {
        const answers: Record<string, number> = { v1: 200, v2: 404, v3: 403 };
        s3.answer = (req) => ({ status: answers[new URL(req.url, "http://x").searchParams.get("versionId") ?? ""] ?? 500 });
        const exists = await Promise.all(["v1", "v2", "v3"].map(async (v) => await api().versionExists("bkt", "p/k", v)));
        assert.deepEqual(exists, [
            { ok: true, value: true },
            { ok: true, value: false },
            { ok: true, value: undefined },
        ]);
    });

    it("a version's bytes as stored, whatever content type the server names (JSON, none)", async () => {
        const bytes = Buffer.from([0x7b, 0x7d, 0xff, 0x00, 0xfe]);
        for (const headers of [{ "content-type": "application/json" }, {}] as Record<string, string>[]) {
            s3.answer = () => ({ headers, body: bytes });
            assert.deepEqual(await api().readVersion("bkt", "p/k", "v1"), { ok: true, value: bytes });
        }
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

    it("versions and delete markers over every page (a single element, the version id 'null')", async () => {
        s3.answer = (req) => {
            const marker = new URL(req.url, "http://x").searchParams.get("key-marker");
            const page = marker
                ? "<Version><Key>p/b</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><Size>3</Size></Version>"
                : "<IsTruncated>true</IsTruncated><NextKeyMarker>p/a</NextKeyMarker><NextVersionIdMarker>v1</NextVersionIdMarker>" +
                  "<Version><Key>p/a</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest><Size>5</Size></Version>" +
                  "<DeleteMarker><Key>p/a</Key><VersionId>d1</VersionId><IsLatest>true</IsLatest></DeleteMarker>";
            return { headers: XML, body: `<ListVersionsResult>${page}</ListVersionsResult>` };
        };
        const res = await api().listVersions("bkt", "p/");
        assert.deepEqual(res, {
            ok: true,
            value: [
                { key: "p/a", versionId: "v1", latest: false, deleteMarker: false, size: 5 },
                { key: "p/a", versionId: "d1", latest: true, deleteMarker: true, size: 0 },
                { key: "p/b", versionId: "null", latest: true, deleteMarker: false, size: 3 },
            ],
        });
        assert.match(s3.seen.at(-1)!.url, /key-marker=p%2Fa&.*version-id-marker=v1|version-id-marker=v1&.*key-marker=p%2Fa/);
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

    it("a lifecycle is written back as it was read; no lifecycle reads as none", async () => {
        const rule =
            "<Rule><ID>expire</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>30</NoncurrentDays></NoncurrentVersionExpiration></Rule>";
        s3.answer = (req) => (req.method === "GET" ? { headers: XML, body: `<LifecycleConfiguration>${rule}</LifecycleConfiguration>` } : {});
        const read = await api().readSetting("bkt", "lifecycle");
        assert.ok(read.ok && read.value);
        assert.deepEqual(await api().writeSetting("bkt", "lifecycle", read.value), { ok: true, value: undefined });
        assert.ok(s3.seen.at(-1)!.body.toString().includes(`>${rule}</LifecycleConfiguration>`));
        s3.answer = () => ({ status: 404, headers: XML, body: xmlError("NoSuchLifecycleConfiguration", "none") });
        assert.deepEqual(await api().readSetting("bkt", "lifecycle"), { ok: true, value: undefined });
    });

    it("a bucket created at a custom endpoint names no location (the server's default, as rclone does)", async () => {
        s3.answer = () => ({});
        assert.deepEqual(await api().createBucket("new-bkt"), { ok: true, value: undefined });
        assert.deepEqual([s3.seen.at(-1)!.method, s3.seen.at(-1)!.url, s3.seen.at(-1)!.body.length], ["PUT", "/new-bkt", 0]);
    });
});
