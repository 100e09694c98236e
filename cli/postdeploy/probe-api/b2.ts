/**
 * ProbeApi over Backblaze B2's native API (b2_authorize_account, then JSON
 * POSTs to <apiUrl>/b2api/<version>/<call>), with one key's own id and
 * secret. Shapes from Backblaze's API docs: authorize returns
 * apiInfo.storageApi {apiUrl, allowed {buckets [{id, name}], capabilities,
 * namePrefix}}; errors are `{status, code, message}`, shown as
 * "<message> (<status> <code>)" like rclone's b2 backend does.
 */
import { createHash } from "node:crypto";
import { mapLimit } from "../pool";
import { B2_NATIVE_API } from "../../../components/providers/b2/probes";
import type { BucketSetting } from "../provider-probes";
import { redact } from "../../shared/rclone";
import type { ApiContext, ApiResult, ProbeApi, VersionEntry } from "./types";

export interface B2Identity {
    readonly keyId: string;
    readonly key: string;
    /** Test stand-ins only: where b2_authorize_account lives. */
    readonly authorizeUrl?: string;
}

interface Session {
    readonly accountId: string;
    readonly token: string;
    readonly apiUrl: string;
    readonly downloadUrl: string;
    readonly buckets: readonly { readonly id: string; readonly name: string }[];
}

interface FileVersion {
    readonly fileId: string;
    readonly fileName: string;
    /** "upload", "hide", "start" (unfinished large file) or "folder". */
    readonly action: string;
    readonly contentLength?: number;
}

class B2Error extends Error {}

export class B2ProbeApi implements ProbeApi {
    private session?: Promise<Session>;
    private readonly bucketIds = new Map<string, string>();

    constructor(
        private readonly id: B2Identity,
        private readonly ctx: ApiContext,
    ) {}

    putObject(bucket: string, key: string, body: Buffer): Promise<ApiResult<{ versionId?: string }>> {
        return this.run(async () => {
            const upload = await this.call<{ uploadUrl: string; authorizationToken: string }>("b2_get_upload_url", { bucketId: await this.bucketId(bucket) });
            const file = await this.http<{ fileId: string }>(
                upload.uploadUrl,
                {
                    Authorization: upload.authorizationToken,
                    "X-Bz-File-Name": encodeURIComponent(key).replace(/%2F/g, "/"),
                    "Content-Type": "b2/x-auto",
                    "X-Bz-Content-Sha1": createHash("sha1").update(body).digest("hex"),
                },
                body,
            );
            return { versionId: file.fileId };
        });
    }

    versionExists(bucket: string, key: string, versionId: string): Promise<ApiResult<boolean | undefined>> {
        return this.run(async () => (await this.versionsOf(bucket, key)).some((f) => f.fileId === versionId && f.action === "upload"));
    }

    /** b2_download_file_by_id: one version's bytes, whatever is current. */
    readVersion(_bucket: string, _key: string, versionId: string): Promise<ApiResult<Buffer>> {
        return this.run(async () => {
            const s = await this.auth();
            const url = `${s.downloadUrl}/b2api/${B2_NATIVE_API.callVersion}/b2_download_file_by_id?fileId=${encodeURIComponent(versionId)}`;
            const res = await fetch(url, { headers: { Authorization: s.token }, signal: AbortSignal.timeout(this.ctx.timeoutMs) });
            const body = Buffer.from(await res.arrayBuffer());
            if (res.ok) return body;
            let e: { status?: number; code?: string; message?: string } = {};
            try {
                e = JSON.parse(body.toString("utf8")) as typeof e;
            } catch {
                /* not JSON: the status is all there is */
            }
            throw new B2Error(`${e.message ?? body.toString("utf8").slice(0, 200)} (${e.status ?? res.status} ${e.code ?? "error"})`);
        });
    }

    deleteVersion(_bucket: string, key: string, versionId: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.call("b2_delete_file_version", { fileName: key, fileId: versionId });
        });
    }

    /** B2 has no object ACLs (its probes declare no objectAcl call, so no check asks). */
    putObjectAcl(): Promise<ApiResult<void>> {
        return Promise.resolve({ ok: false, text: "NotImplemented: B2 has no object ACLs" });
    }

    deleteObject(bucket: string, key: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.call("b2_hide_file", { bucketId: await this.bucketId(bucket), fileName: key });
        });
    }

    listBuckets(): Promise<ApiResult<string[]>> {
        return this.run(async () => {
            const s = await this.auth();
            const out = await this.call<{ buckets: { bucketName: string }[] }>("b2_list_buckets", { accountId: s.accountId });
            return out.buckets.map((b) => b.bucketName);
        });
    }

    createBucket(name: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            const s = await this.auth();
            const out = await this.call<{ bucketId: string }>("b2_create_bucket", { accountId: s.accountId, bucketName: name, bucketType: "allPrivate" });
            this.bucketIds.set(name, out.bucketId);
        });
    }

    deleteBucket(name: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            const s = await this.auth();
            await this.call("b2_delete_bucket", { accountId: s.accountId, bucketId: await this.bucketId(name) });
        });
    }

    readSetting(bucket: string, setting: BucketSetting): Promise<ApiResult<string | undefined>> {
        return this.run(async () => {
            if (setting !== "lifecycle") throw new B2Error(`B2 has no bucket ${setting} setting (400 bad_request)`);
            const s = await this.auth();
            const out = await this.call<{ buckets: { lifecycleRules?: unknown[] }[] }>("b2_list_buckets", { accountId: s.accountId, bucketName: bucket });
            const rules = out.buckets[0]?.lifecycleRules;
            return rules ? JSON.stringify(rules) : undefined;
        });
    }

    writeSetting(bucket: string, setting: BucketSetting, value: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            if (setting !== "lifecycle") throw new B2Error(`B2 has no bucket ${setting} setting (400 bad_request)`);
            const s = await this.auth();
            await this.call("b2_update_bucket", {
                accountId: s.accountId,
                bucketId: await this.bucketId(bucket),
                lifecycleRules: JSON.parse(value) as unknown,
            });
        });
    }

    /** B2 lists the versions of a name newest first; a "hide" on top is its delete marker. */
    listVersions(bucket: string, prefix: string): Promise<ApiResult<VersionEntry[]>> {
        return this.run(async () => {
            const seen = new Set<string>();
            return (await this.versionsOf(bucket, prefix))
                .filter((f) => f.action === "upload" || f.action === "hide")
                .map((f) => {
                    const latest = !seen.has(f.fileName);
                    seen.add(f.fileName);
                    return { key: f.fileName, versionId: f.fileId, latest, deleteMarker: f.action === "hide", size: f.contentLength ?? 0 };
                });
        });
    }

    purgeVersions(bucket: string, prefix: string): Promise<ApiResult<number>> {
        return this.run(async () => {
            const files = await this.versionsOf(bucket, prefix);
            await mapLimit(files, 8, (f) => this.call("b2_delete_file_version", { fileName: f.fileName, fileId: f.fileId }));
            return files.length;
        });
    }

    dispose(): void {
        // fetch keeps no state to release.
    }

    private async versionsOf(bucket: string, prefix: string): Promise<FileVersion[]> {
        const bucketId = await this.bucketId(bucket);
        const files: FileVersion[] = [];
        let start: { startFileName?: string; startFileId?: string } = {};
        for (;;) {
            const page = await this.call<{ files: FileVersion[]; nextFileName: string | null; nextFileId: string | null }>("b2_list_file_versions", {
                bucketId,
                prefix,
                maxFileCount: 1000,
                ...start,
            });
            files.push(...page.files.filter((f) => f.fileName.startsWith(prefix)));
            if (!page.nextFileName) return files;
            start = { startFileName: page.nextFileName, ...(page.nextFileId ? { startFileId: page.nextFileId } : {}) };
        }
    }

    private async bucketId(name: string): Promise<string> {
        const known = this.bucketIds.get(name) ?? (await this.auth()).buckets.find((b) => b.name === name)?.id;
        if (known) return known;
        const s = await this.auth();
        const out = await this.call<{ buckets: { bucketId: string }[] }>("b2_list_buckets", { accountId: s.accountId, bucketName: name });
        const id = out.buckets[0]?.bucketId;
        if (!id) throw new B2Error(`bucket ${name} does not exist or is not visible to this key (400 bad_bucket_id)`);
        this.bucketIds.set(name, id);
        return id;
    }

    private auth(): Promise<Session> {
        this.session ??= (async () => {
            const basic = Buffer.from(`${this.id.keyId}:${this.id.key}`).toString("base64");
            const out = await this.http<{
                accountId: string;
                authorizationToken: string;
                apiInfo: { storageApi: { apiUrl: string; downloadUrl?: string; allowed?: { buckets?: { id: string; name: string }[] | null } } };
            }>(this.id.authorizeUrl ?? B2_NATIVE_API.authorizeUrl, { Authorization: `Basic ${basic}` });
            const api = out.apiInfo.storageApi;
            return {
                accountId: out.accountId,
                token: out.authorizationToken,
                apiUrl: api.apiUrl,
                downloadUrl: api.downloadUrl ?? api.apiUrl,
                buckets: api.allowed?.buckets ?? [],
            };
        })();
        return this.session;
    }

    private async call<T = unknown>(name: string, body: Record<string, unknown>): Promise<T> {
        const s = await this.auth();
        return this.http<T>(
            `${s.apiUrl}/b2api/${B2_NATIVE_API.callVersion}/${name}`,
            { Authorization: s.token, "Content-Type": "application/json" },
            Buffer.from(JSON.stringify(body)),
        );
    }

    private async http<T>(url: string, headers: Record<string, string>, body?: Buffer): Promise<T> {
        const res = await fetch(url, { method: body ? "POST" : "GET", headers, ...(body ? { body } : {}), signal: AbortSignal.timeout(this.ctx.timeoutMs) });
        const text = await res.text();
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
        if (res.ok) return json as T;
        const e = (json ?? {}) as { status?: number; code?: string; message?: string };
        throw new B2Error(`${e.message ?? text.slice(0, 200)} (${e.status ?? res.status} ${e.code ?? "error"})`);
    }

    private async run<T>(fn: () => Promise<T>): Promise<ApiResult<T>> {
        this.ctx.count();
        try {
            return { ok: true, value: await fn() };
        } catch (e) {
            const err = e as Error & { cause?: { code?: string; message?: string } };
            // fetch hides network errors in `cause` (ENOTFOUND, ECONNREFUSED, ...).
            const text = err.cause ? `${err.message}: ${err.cause.code ?? ""} ${err.cause.message ?? ""}`.trim() : err.message;
            return { ok: false, text: redact(text, this.ctx.secrets) };
        }
    }
}
