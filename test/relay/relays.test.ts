/**
 * The shared relays (test/support/relay/): the recording relay passes a
 * request on byte for byte (what a SigV4 signature covers) and records it
 * without its secrets; the latency relay passes bytes both ways. The peer is
 * a plain node HTTP server that echoes what it received.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startLatencyProxy } from "../support/relay/latency";
import { readRecording, startRecordingRelay } from "../support/relay/recording";

interface Seen {
    method?: string;
    url?: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
}

function send(port: number, target: string, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const r = request({ host: "127.0.0.1", port, method, path: target, headers }, (res) => {
            let text = "";
            res.on("data", (c: Buffer) => {
                text += c.toString();
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        r.on("error", reject);
        r.end(body);
    });
}

describe("the relays", () => {
    let upstream: Server;
    let port: number;
    let dir: string;
    const seen: Seen[] = [];

    before(async () => {
        dir = mkdtempSync(join(tmpdir(), "relays-"));
        upstream = createServer((req, res) => {
            let body = "";
            req.on("data", (c: Buffer) => {
                body += c.toString();
            });
            req.on("end", () => {
                seen.push({ method: req.method, url: req.url, headers: req.headers, body });
                res.writeHead(201, { "x-amz-version-id": "v1" });
                res.end(`echo:${body}`);
            });
        });
        await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
        port = (upstream.address() as { port: number }).port;
    });

    after(() => {
        upstream?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("recording: an absolute-form proxy request reaches the server as sent (origin-form, Host, headers, body) and is recorded without secrets", async () => {
        const file = join(dir, "wire.jsonl");
        const relay = await startRecordingRelay(port, file);
        const auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-acl, Signature=deadbeef";
        try {
            const reply = await send(
                relay.port,
                "http://b.s3.eu-west-1.amazonaws.com/db/a%2Bb.bin?uploads=&x-id=Create",
                "POST",
                {
                    host: "b.s3.eu-west-1.amazonaws.com",
                    authorization: auth,
                    "x-amz-security-token": "SESSION-SECRET",
                    "x-amz-acl": "bucket-owner-full-control",
                    "x-amz-meta-mtime": "1",
                    "x-amz-server-side-encryption-customer-key": "SSE-C-SECRET",
                },
                "body",
            );
            assert.deepEqual(reply, { status: 201, body: "echo:body" });
        } finally {
            await relay.stop();
        }
        const got = seen.at(-1)!;
        assert.equal(got.url, "/db/a%2Bb.bin?uploads=&x-id=Create");
        assert.equal(got.headers.host, "b.s3.eu-west-1.amazonaws.com");
        assert.equal(got.headers.authorization, auth);
        assert.equal(got.headers["x-amz-security-token"], "SESSION-SECRET");
        assert.equal(got.body, "body");

        const [r, ...rest] = readRecording(file);
        assert.equal(rest.length, 0);
        assert.deepEqual(
            { method: r!.method, host: r!.host, path: r!.path, query: r!.query, status: r!.status, accessKeyId: r!.accessKeyId },
            {
                method: "POST",
                host: "b.s3.eu-west-1.amazonaws.com",
                path: "/db/a%2Bb.bin",
                query: { uploads: "", "x-id": "Create" },
                status: 201,
                accessKeyId: "AKIDEXAMPLE",
            },
        );
        assert.equal(r!.headers["x-amz-acl"], "bucket-owner-full-control");
        assert.equal(r!.headers["x-amz-meta-mtime"], "1");
        for (const name of ["authorization", "x-amz-security-token", "x-amz-server-side-encryption-customer-key"])
            assert.ok(r!.otherHeaders.includes(name), name);
        const text = JSON.stringify(r);
        for (const secret of ["SESSION-SECRET", "SSE-C-SECRET", "deadbeef"]) assert.ok(!text.includes(secret), secret);
        assert.equal(statSync(file).mode & 0o777, 0o600);
    });

    it("recording: a presigned URL's signature and token are redacted", async () => {
        const file = join(dir, "presigned.jsonl");
        const relay = await startRecordingRelay(port, file);
        try {
            await send(
                relay.port,
                "/b/k?X-Amz-Credential=AKIDEXAMPLE%2F20261202%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Signature=deadbeef&X-Amz-Security-Token=TOKEN",
                "GET",
                {},
                "",
            );
        } finally {
            await relay.stop();
        }
        const [r] = readRecording(file);
        assert.equal(r!.accessKeyId, "AKIDEXAMPLE");
        assert.deepEqual([r!.query["X-Amz-Signature"], r!.query["X-Amz-Security-Token"]], ["(redacted)", "(redacted)"]);
        assert.ok(!JSON.stringify(r).includes("TOKEN") && !JSON.stringify(r).includes("deadbeef"));
    });

    it("latency: bytes pass both ways through the delaying relay", async () => {
        const relay = await startLatencyProxy(port, 2);
        try {
            const reply = await send(Number(new URL(relay.endpoint).port), "/x", "PUT", {}, "payload");
            assert.deepEqual(reply, { status: 201, body: "echo:payload" });
        } finally {
            await relay.stop();
        }
    });
});
