/** Which credentials the S3 probes sign with: the section's own keys, or (env_auth, no keys) the environment's, as rclone does. */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { describe, it } from "node:test";
import { probeApiFor } from "../../cli/postdeploy/probe-api";

async function signingKeyOf(options: Record<string, string>, env: Record<string, string>): Promise<string> {
    let seen = "";
    // Only the Authorization header is inspected; the answer is an empty ListBuckets.
    const server = createServer((req, res) => {
        seen = /Credential=([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "";
        res.writeHead(200, { "Content-Type": "application/xml" });
        res.end("<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
        const api = probeApiFor(
            "aws",
            { type: "s3", endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", ...options },
            { timeoutMs: 5000, secrets: [], count: () => {} },
        );
        const res = await api.listBuckets();
        api.dispose();
        assert.ok(res.ok, res.ok ? "" : res.text);
        return seen;
    } finally {
        process.env = saved;
        server.close();
    }
}

describe("S3 probe credentials", () => {
    it("a section's own keys", async () => {
        assert.equal(
            await signingKeyOf({ access_key_id: "AKIASECTION", secret_access_key: "s" }, { AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "e" }),
            "AKIASECTION",
        );
    });

    it("env_auth = true without keys: the environment's (a CI job's deploy identity as [postdeploy-admin])", async () => {
        assert.equal(await signingKeyOf({ env_auth: "true" }, { AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "e" }), "AKIAENV");
    });
});
