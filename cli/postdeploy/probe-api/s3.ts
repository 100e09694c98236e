/**
 * ProbeApi over an S3-compatible API (AWS, R2, B2's S3 API, radosgw) with one
 * identity's own keys (and session token); the requests are s3-wire.ts's.
 */
import { redact } from "../../shared/rclone";
import type { BucketSetting } from "../provider-probes";
import { type S3Call, type S3Identity, S3Wire, describeS3Error, list, optionalText, text, xmlDocument, xmlHeaders } from "./s3-wire";
import type { ApiContext, ApiResult, ProbeApi, VersionEntry } from "./types";

export type { S3Identity } from "./s3-wire";

/** Parsed XML, as aws-lite gives it. */
type Doc = Record<string, unknown>;

export class S3ProbeApi implements ProbeApi {
    private readonly wire: S3Wire;

    constructor(
        id: S3Identity,
        private readonly ctx: ApiContext,
    ) {
        this.wire = new S3Wire(id, ctx.timeoutMs);
    }

    putObject(bucket: string, key: string, body: Buffer): Promise<ApiResult<{ versionId?: string }>> {
        return this.run(async () => {
            const res = await this.send({ method: "PUT", bucket, key, body, headers: { "content-type": "application/octet-stream" } });
            const versionId = res.headers["x-amz-version-id"];
            return versionId ? { versionId } : {};
        });
    }

    async versionExists(bucket: string, key: string, versionId: string): Promise<ApiResult<boolean | undefined>> {
        const res = await this.run(() => this.send({ method: "HEAD", bucket, key, query: { versionId } }));
        if (res.ok) return { ok: true, value: true };
        if (/HTTP 404\b/.test(res.text)) return { ok: true, value: false };
        // A HEAD of a missing key is a 403 for a key that may list only under a prefix: it proves nothing.
        if (/HTTP 403\b/.test(res.text)) return { ok: true, value: undefined };
        return res;
    }

    deleteVersion(bucket: string, key: string, versionId: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.send({ method: "DELETE", bucket, key, query: { versionId } });
        });
    }

    putObjectAcl(bucket: string, key: string, acl: "public-read"): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.send({ method: "PUT", bucket, key, query: { acl: "" }, headers: { "x-amz-acl": acl } });
        });
    }

    deleteObject(bucket: string, key: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.send({ method: "DELETE", bucket, key });
        });
    }

    readVersion(bucket: string, key: string, versionId: string): Promise<ApiResult<Buffer>> {
        return this.run(() => this.wire.bytes({ method: "GET", bucket, key, query: { versionId } }));
    }

    listBuckets(): Promise<ApiResult<string[]>> {
        return this.run(async () => {
            const doc = (await this.send({ method: "GET" })).payload as Doc | null;
            const buckets = doc?.Buckets as Doc | undefined;
            return list(buckets?.Bucket).map((b) => text((b as Doc).Name));
        });
    }

    createBucket(name: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.send({ method: "PUT", bucket: name, ...this.locationConstraint() });
        });
    }

    /**
     * AWS wants the bucket's region named, except its default us-east-1 (as the SDK sends the client's region). Other
     * servers take their default location, as rclone does with no location_constraint, and may refuse a foreign name.
     */
    private locationConstraint(): Pick<S3Call, "body" | "headers"> {
        const region = this.wire.region;
        if (!this.wire.isAws || region === "us-east-1") return {};
        const body = xmlDocument("CreateBucketConfiguration", { LocationConstraint: region });
        return { body, headers: xmlHeaders(body) };
    }

    deleteBucket(name: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.send({ method: "DELETE", bucket: name });
        });
    }

    /** Each setting is its bucket's sub-resource of the same name (?versioning, ?lifecycle, ?policy). */
    readSetting(bucket: string, setting: BucketSetting): Promise<ApiResult<string | undefined>> {
        return this.run(async () => {
            try {
                return settingText(setting, (await this.send({ method: "GET", bucket, query: { [setting]: "" } })).payload);
            } catch (e) {
                // No lifecycle / no policy: nothing to write back.
                if (/NoSuchLifecycleConfiguration|NoSuchBucketPolicy/.test((e as { code?: string }).code ?? "")) return undefined;
                throw e;
            }
        });
    }

    writeSetting(bucket: string, setting: BucketSetting, value: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            const body = settingBody(setting, value);
            const headers = setting === "policy" ? { "content-type": "application/json" } : xmlHeaders(body);
            await this.send({ method: "PUT", bucket, query: { [setting]: "" }, headers, body });
        });
    }

    listVersions(bucket: string, prefix: string): Promise<ApiResult<VersionEntry[]>> {
        return this.run(() => this.versionsUnder(bucket, prefix));
    }

    purgeVersions(bucket: string, prefix: string): Promise<ApiResult<number>> {
        return this.run(async () => this.deleteAll(bucket, await this.versionsUnder(bucket, prefix)));
    }

    readonly deleteVersions = (bucket: string, versions: readonly VersionEntry[]): Promise<ApiResult<number>> =>
        this.run(() => this.deleteAll(bucket, versions));

    private async deleteAll(bucket: string, versions: readonly VersionEntry[]): Promise<number> {
        const all = versions.map((v) => ({ Key: v.key, VersionId: v.versionId }));
        for (let i = 0; i < all.length; i += 1000) await this.deleteObjects(bucket, all.slice(i, i + 1000));
        return all.length;
    }

    /** DeleteObjects, Quiet: the answer lists only what was not removed, and anything listed fails the purge. */
    private async deleteObjects(bucket: string, objects: readonly { Key: string; VersionId: string }[]): Promise<void> {
        const body = xmlDocument("Delete", { Object: objects, Quiet: true });
        const doc = (await this.send({ method: "POST", bucket, query: { delete: "" }, headers: xmlHeaders(body), body })).payload as Doc | null;
        const errors = list(doc?.Error) as Doc[];
        if (errors.length) throw new Error(`DeleteObjects: ${errors.length} not removed (${text(errors[0]?.Code)} ${text(errors[0]?.Key)})`);
    }

    private async versionsUnder(bucket: string, prefix: string): Promise<VersionEntry[]> {
        const out: VersionEntry[] = [];
        const markers: Record<string, string | undefined> = {};
        for (;;) {
            const query = { versions: "", prefix, ...markers };
            const page = ((await this.send({ method: "GET", bucket, query })).payload ?? {}) as Doc;
            out.push(...list(page.Version).map((v) => versionEntry(v as Doc, false)), ...list(page.DeleteMarker).map((m) => versionEntry(m as Doc, true)));
            if (page.IsTruncated !== true && page.IsTruncated !== "true") return out;
            markers["key-marker"] = optionalText(page.NextKeyMarker);
            markers["version-id-marker"] = optionalText(page.NextVersionIdMarker);
        }
    }

    /** Nothing to close: aws-lite's agents are shared by the process, and node unrefs their idle sockets (they keep no run alive). */
    dispose(): void {}

    private send(call: S3Call) {
        return this.wire.send(call);
    }

    private async run<T>(fn: () => Promise<T>): Promise<ApiResult<T>> {
        this.ctx.count();
        try {
            return { ok: true, value: await fn() };
        } catch (e) {
            return { ok: false, text: redact(describeS3Error(e), this.ctx.secrets) };
        }
    }
}

function versionEntry(v: Doc, deleteMarker: boolean): VersionEntry {
    const latest = v.IsLatest === true || v.IsLatest === "true";
    // A version written while versioning was off has the id "null" (which aws-lite reads as null: text() restores it).
    return {
        key: text(v.Key),
        versionId: v.VersionId === undefined ? "null" : text(v.VersionId),
        latest,
        deleteMarker,
        size: deleteMarker ? 0 : Number(v.Size ?? 0),
    };
}

/**
 * A setting as the probes keep it: versioning's status; lifecycle's rules as JSON (the parsed <Rule> elements, which
 * settingBody writes back as they were); the policy document. undefined where the bucket has none.
 */
function settingText(setting: BucketSetting, payload: unknown): string | undefined {
    const doc = (payload && typeof payload === "object" && !Buffer.isBuffer(payload) ? payload : {}) as Doc;
    if (setting === "versioning") return doc.Status === undefined ? undefined : text(doc.Status);
    if (setting === "lifecycle") return doc.Rule === undefined ? undefined : JSON.stringify(list(doc.Rule));
    // aws-lite parses the JSON policy; a server that does not say it is JSON may give it as bytes or text.
    if (payload === null || payload === undefined || payload === "") return undefined;
    return typeof payload === "string" || Buffer.isBuffer(payload) ? payload.toString() : JSON.stringify(payload);
}

function settingBody(setting: BucketSetting, value: string): string {
    if (setting === "versioning") return xmlDocument("VersioningConfiguration", { Status: value });
    if (setting === "lifecycle") return xmlDocument("LifecycleConfiguration", { Rule: JSON.parse(value) as unknown[] });
    return value;
}
