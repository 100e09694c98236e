/**
 * The B2 native-API probes (b2_delete_file_version, b2_list_buckets,
 * b2_create_bucket, b2_update_bucket, versions written and observed by id).
 *
 * B2 does not run here, so this one test uses a stand-in: a small local HTTP
 * server that answers as Backblaze's documented native API does
 * (b2_authorize_account's apiInfo.storageApi.allowed {buckets, capabilities,
 * namePrefix}; `{status, code, message}` errors; 401 "unauthorized" for a
 * capability the key lacks or a name outside its prefix). It checks our
 * client's requests and how their answers are judged, not B2 itself.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { after, before, describe, it } from "node:test";
import { B2ProbeApi } from "../../cli/postdeploy/probe-api/b2";
import { b2Capabilities } from "../../components/providers/b2/access";
import { failureOf, outcomeOf } from "../../cli/postdeploy/verdict";

interface Key {
    secret: string;
    capabilities: string[];
    bucketIds: string[] | null;
    namePrefix: string | null;
}
interface Bucket {
    bucketId: string;
    bucketName: string;
    lifecycleRules: unknown[];
}
interface FileVersion {
    fileId: string;
    fileName: string;
    bucketId: string;
    action: string;
}

class B2StandIn {
    readonly keys = new Map<string, Key>();
    readonly buckets: Bucket[] = [
        { bucketId: "b-1", bucketName: "acme-backup-staging-vault", lifecycleRules: [{ fileNamePrefix: "", daysFromHidingToDeleting: 14 }] },
    ];
    readonly files: FileVersion[] = [];
    private readonly tokens = new Map<string, string>();
    private server?: Server;
    private n = 0;
    base = "";

    async start(): Promise<void> {
        this.server = createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
        const addr = this.server.address();
        this.base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    }

    stop(): Promise<void> {
        return new Promise((r) => this.server?.close(() => r()));
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const body = Buffer.concat(chunks);
        const send = (status: number, json: unknown) => {
            res.writeHead(status, { "Content-Type": "application/json" });
            res.end(JSON.stringify(json));
        };
        const deny = (message: string) => send(401, { status: 401, code: "unauthorized", message });
        if (req.url === "/b2api/v4/b2_authorize_account") return this.authorize(req.headers.authorization ?? "", send, deny);
        const keyId = this.tokens.get(req.headers.authorization ?? "");
        const key = keyId ? this.keys.get(keyId) : undefined;
        if (!key) return send(401, { status: 401, code: "bad_auth_token", message: "Invalid authorization token" });
        if (req.url?.startsWith("/upload/")) return this.upload(key, req.url.slice(8), decodeURIComponent(String(req.headers["x-bz-file-name"])), send, deny);
        const call = req.url?.replace(/^\/b2api\/v3\//, "") ?? "";
        return this.call(call, key, JSON.parse(body.toString() || "{}") as Record<string, unknown>, send, deny);
    }

    private authorize(header: string, send: (s: number, j: unknown) => void, deny: (m: string) => void): void {
        const [id, secret] = Buffer.from(header.replace(/^Basic /, ""), "base64")
            .toString()
            .split(":");
        const key = this.keys.get(id ?? "");
        if (!key || key.secret !== secret) return deny("invalid key");
        const token = `tok-${++this.n}`;
        this.tokens.set(token, id!);
        const buckets = key.bucketIds
            ? this.buckets.filter((b) => key.bucketIds!.includes(b.bucketId)).map((b) => ({ id: b.bucketId, name: b.bucketName }))
            : null;
        send(200, {
            accountId: "acct",
            authorizationToken: token,
            apiInfo: {
                storageApi: { apiUrl: this.base, downloadUrl: this.base, allowed: { buckets, capabilities: key.capabilities, namePrefix: key.namePrefix } },
            },
        });
    }

    private inScope(key: Key, bucketId: string, name: string): boolean {
        return (!key.bucketIds || key.bucketIds.includes(bucketId)) && (!key.namePrefix || name.startsWith(key.namePrefix));
    }

    private upload(key: Key, bucketId: string, fileName: string, send: (s: number, j: unknown) => void, deny: (m: string) => void): void {
        if (!key.capabilities.includes("writeFiles") || !this.inScope(key, bucketId, fileName)) return deny("not allowed to upload");
        const f = { fileId: `f-${++this.n}`, fileName, bucketId, action: "upload" };
        this.files.push(f);
        send(200, f);
    }

    private call(name: string, key: Key, p: Record<string, unknown>, send: (s: number, j: unknown) => void, deny: (m: string) => void): void {
        const need = (cap: string) => key.capabilities.includes(cap);
        const bucket = this.buckets.find((b) => b.bucketId === p.bucketId || b.bucketName === p.bucketName);
        switch (name) {
            case "b2_get_upload_url":
                if (!need("writeFiles")) return deny("no writeFiles");
                return send(200, {
                    bucketId: p.bucketId,
                    uploadUrl: `${this.base}/upload/${String(p.bucketId)}`,
                    authorizationToken: [...this.tokens].find(([, k]) => this.keys.get(k) === key)![0],
                });
            case "b2_list_file_versions":
                if (!need("listFiles") || !this.inScope(key, String(p.bucketId), String(p.prefix ?? ""))) return deny("no listFiles here");
                return send(200, {
                    files: this.files.filter((f) => f.bucketId === p.bucketId && f.fileName.startsWith(String(p.prefix ?? ""))),
                    nextFileName: null,
                    nextFileId: null,
                });
            case "b2_delete_file_version": {
                const f = this.files.find((x) => x.fileId === p.fileId && x.fileName === p.fileName);
                if (!need("deleteFiles") || !f || !this.inScope(key, f.bucketId, f.fileName)) return deny("not authorized to delete file versions");
                this.files.splice(this.files.indexOf(f), 1);
                return send(200, { fileId: f.fileId, fileName: f.fileName });
            }
            case "b2_list_buckets":
                if (!need("listBuckets")) return deny("no listBuckets");
                return send(200, { buckets: this.buckets.filter((b) => !p.bucketName || b.bucketName === p.bucketName) });
            case "b2_create_bucket":
                if (!need("writeBuckets") || key.bucketIds) return deny("no writeBuckets");
                this.buckets.push({ bucketId: `b-${++this.n}`, bucketName: String(p.bucketName), lifecycleRules: [] });
                return send(200, this.buckets.at(-1));
            case "b2_update_bucket":
                if (!need("writeBuckets") || !bucket) return deny("no writeBuckets");
                bucket.lifecycleRules = p.lifecycleRules as unknown[];
                return send(200, bucket);
            default:
                return send(400, { status: 400, code: "bad_request", message: `unknown call ${name}` });
        }
    }
}

const ADMIN_CAPS = ["listBuckets", "writeBuckets", "deleteBuckets", "listFiles", "readFiles", "writeFiles", "deleteFiles"];

describe("B2 native-API probes (against a stand-in of the documented API)", () => {
    const b2 = new B2StandIn();
    const api = (keyId: string, secret: string) =>
        new B2ProbeApi(
            { keyId, key: secret, authorizeUrl: `${b2.base}/b2api/v4/b2_authorize_account` },
            { timeoutMs: 5000, secrets: [secret], count: () => {} },
        );

    before(async () => {
        await b2.start();
        b2.keys.set("copy-key", { secret: "copy-secret", capabilities: b2Capabilities("copy"), bucketIds: ["b-1"], namePrefix: "db/" });
        b2.keys.set("wide-key", { secret: "wide-secret", capabilities: [...b2Capabilities("sync"), "deleteFiles"], bucketIds: ["b-1"], namePrefix: "db/" });
        b2.keys.set("admin-key", { secret: "admin-secret", capabilities: ADMIN_CAPS, bucketIds: null, namePrefix: null });
    });
    after(() => b2.stop());

    it("the generated copy key writes versions and sees them, and is refused every account, bucket and version-delete call", async () => {
        const copy = api("copy-key", "copy-secret");
        const v1 = await copy.putObject("acme-backup-staging-vault", "db/postdeploy-runs/r/s/versioned.bin", Buffer.from("v1"));
        const v2 = await copy.putObject("acme-backup-staging-vault", "db/postdeploy-runs/r/s/versioned.bin", Buffer.from("v2"));
        assert.ok(v1.ok && v2.ok && v1.value.versionId && v1.value.versionId !== v2.value.versionId, "every upload is a version with its own file id");
        const id = v1.ok ? v1.value.versionId! : "";
        const del = await copy.deleteVersion("acme-backup-staging-vault", "db/postdeploy-runs/r/s/versioned.bin", id);
        assert.ok(!del.ok);
        assert.equal(outcomeOf(failureOf(del.text, "b2"), undefined).outcome, "refused", del.text);
        const seen = await copy.versionExists("acme-backup-staging-vault", "db/postdeploy-runs/r/s/versioned.bin", id);
        assert.deepEqual(seen, { ok: true, value: true }, "listFiles sees single versions on B2");
        for (const res of [
            await copy.listBuckets(),
            await copy.createBucket("postdeploy-probe-x"),
            await copy.writeSetting("acme-backup-staging-vault", "lifecycle", "[]"),
        ]) {
            assert.ok(!res.ok);
            assert.equal(failureOf(res.text, "b2").kind, "access-denied", res.text);
        }
        assert.equal(b2.buckets[0]!.lifecycleRules.length, 1, "nothing changed");
    });

    it("a key widened with deleteFiles destroys the noncurrent version: worked", async () => {
        const wide = api("wide-key", "wide-secret");
        const v1 = await wide.putObject("acme-backup-staging-vault", "db/t/versioned.bin", Buffer.from("a"));
        await wide.putObject("acme-backup-staging-vault", "db/t/versioned.bin", Buffer.from("b"));
        const id = v1.ok ? v1.value.versionId! : "";
        assert.deepEqual(await wide.deleteVersion("acme-backup-staging-vault", "db/t/versioned.bin", id), { ok: true, value: undefined });
        const there = await wide.versionExists("acme-backup-staging-vault", "db/t/versioned.bin", id);
        assert.ok(there.ok);
        assert.equal(outcomeOf(undefined, there.ok ? !there.value : undefined).outcome, "worked");
    });

    it("the admin reads the lifecycle rules and a probe writes back exactly them; it removes every version the run left", async () => {
        const admin = api("admin-key", "admin-secret");
        const rules = await admin.readSetting("acme-backup-staging-vault", "lifecycle");
        assert.deepEqual(rules, { ok: true, value: JSON.stringify([{ fileNamePrefix: "", daysFromHidingToDeleting: 14 }]) });
        assert.ok((await admin.writeSetting("acme-backup-staging-vault", "lifecycle", rules.ok ? rules.value! : "")).ok);
        assert.deepEqual(b2.buckets[0]!.lifecycleRules, [{ fileNamePrefix: "", daysFromHidingToDeleting: 14 }]);
        const purged = await admin.purgeVersions("acme-backup-staging-vault", "db/");
        assert.ok(purged.ok && purged.value >= 3);
        assert.equal(b2.files.filter((f) => f.fileName.startsWith("db/")).length, 0);
    });

    it("a wrong key is refused at authorization, and the secret never appears in the error", async () => {
        const res = await api("copy-key", "not-the-secret").listBuckets();
        assert.ok(!res.ok);
        assert.match(res.text, /\(401 unauthorized\)/);
        assert.ok(!res.text.includes("not-the-secret"));
    });
});
