/**
 * ProbeApi over an S3-compatible API (AWS, R2, B2's S3 API, radosgw) with
 * @aws-sdk/client-s3 and one identity's own keys (and session token).
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import {
    CreateBucketCommand,
    DeleteBucketCommand,
    DeleteObjectCommand,
    DeleteObjectsCommand,
    GetBucketLifecycleConfigurationCommand,
    GetBucketPolicyCommand,
    GetBucketVersioningCommand,
    GetObjectCommand,
    HeadObjectCommand,
    ListBucketsCommand,
    ListObjectVersionsCommand,
    PutBucketLifecycleConfigurationCommand,
    PutBucketPolicyCommand,
    PutBucketVersioningCommand,
    PutObjectAclCommand,
    PutObjectCommand,
    S3Client,
    type BucketVersioningStatus,
    type LifecycleRule,
} from "@aws-sdk/client-s3";
import { redact } from "../../shared/rclone";
import type { BucketSetting } from "../provider-probes";
import type { ApiContext, ApiResult, ProbeApi, VersionEntry } from "./types";

export interface S3Identity {
    /** Undefined: the SDK's default credential chain (an rclone section with `env_auth = true`). */
    readonly keys?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
    /** "" for AWS's own endpoints (chosen by region). */
    readonly endpoint: string;
    readonly region: string;
}

export class S3ProbeApi implements ProbeApi {
    private readonly client: S3Client;

    constructor(
        id: S3Identity,
        private readonly ctx: ApiContext,
    ) {
        const agent = { keepAlive: true, maxSockets: 16 };
        this.client = new S3Client({
            region: id.region || "us-east-1",
            ...(id.endpoint ? { endpoint: id.endpoint, forcePathStyle: true } : {}),
            ...(id.keys ? { credentials: id.keys } : {}),
            // Servers other than AWS predate the SDK's default flexible checksums.
            requestChecksumCalculation: "WHEN_REQUIRED",
            responseChecksumValidation: "WHEN_REQUIRED",
            maxAttempts: 2,
            requestHandler: { connectionTimeout: 5000, requestTimeout: ctx.timeoutMs, httpAgent: new HttpAgent(agent), httpsAgent: new HttpsAgent(agent) },
        });
        // The SDK names the client's region as CreateBucket's location constraint, which AWS wants; other servers
        // take their default location, as rclone does with no location_constraint, and may refuse a foreign name.
        if (id.endpoint) {
            this.client.middlewareStack.add(
                (next, context) => async (args) => {
                    const input = args.input as { CreateBucketConfiguration?: unknown };
                    if (context.commandName === "CreateBucketCommand") delete input.CreateBucketConfiguration;
                    return next(args);
                },
                { step: "serialize", priority: "high", name: "noLocationConstraint" },
            );
        }
    }

    putObject(bucket: string, key: string, body: Buffer): Promise<ApiResult<{ versionId?: string }>> {
        return this.run(async () => {
            const out = await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
            return out.VersionId ? { versionId: out.VersionId } : {};
        });
    }

    async versionExists(bucket: string, key: string, versionId: string): Promise<ApiResult<boolean | undefined>> {
        const res = await this.run(() => this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })));
        if (res.ok) return { ok: true, value: true };
        if (/HTTP 404\b/.test(res.text)) return { ok: true, value: false };
        // A HEAD of a missing key is a 403 for a key that may list only under a prefix: it proves nothing.
        if (/HTTP 403\b/.test(res.text)) return { ok: true, value: undefined };
        return res;
    }

    deleteVersion(bucket: string, key: string, versionId: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
        });
    }

    putObjectAcl(bucket: string, key: string, acl: "public-read"): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: acl }));
        });
    }

    deleteObject(bucket: string, key: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        });
    }

    readVersion(bucket: string, key: string, versionId: string): Promise<ApiResult<Buffer>> {
        return this.run(async () => {
            const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
            return Buffer.from(await out.Body!.transformToByteArray());
        });
    }

    listBuckets(): Promise<ApiResult<string[]>> {
        return this.run(async () => ((await this.client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name ?? ""));
    }

    createBucket(name: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.client.send(new CreateBucketCommand({ Bucket: name }));
        });
    }

    deleteBucket(name: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            await this.client.send(new DeleteBucketCommand({ Bucket: name }));
        });
    }

    readSetting(bucket: string, setting: BucketSetting): Promise<ApiResult<string | undefined>> {
        return this.run(async () => {
            try {
                return await this.readSettingOrThrow(bucket, setting);
            } catch (e) {
                // No lifecycle / no policy: nothing to write back.
                if (/NoSuchLifecycleConfiguration|NoSuchBucketPolicy/.test((e as Error).name)) return undefined;
                throw e;
            }
        });
    }

    private async readSettingOrThrow(bucket: string, setting: BucketSetting): Promise<string | undefined> {
        if (setting === "versioning") return (await this.client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status;
        if (setting === "lifecycle") {
            const rules = (await this.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules;
            return rules ? JSON.stringify(rules) : undefined;
        }
        return (await this.client.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
    }

    writeSetting(bucket: string, setting: BucketSetting, value: string): Promise<ApiResult<void>> {
        return this.run(async () => {
            if (setting === "versioning") {
                await this.client.send(
                    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: value as BucketVersioningStatus } }),
                );
            } else if (setting === "lifecycle") {
                const Rules = JSON.parse(value) as LifecycleRule[];
                await this.client.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules } }));
            } else {
                await this.client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: value }));
            }
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
        for (let i = 0; i < all.length; i += 1000) {
            const out = await this.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: all.slice(i, i + 1000), Quiet: true } }));
            if (out.Errors?.length)
                throw new Error(`DeleteObjects: ${out.Errors.length} not removed (${out.Errors[0]?.Code ?? ""} ${out.Errors[0]?.Key ?? ""})`);
        }
        return all.length;
    }

    private async versionsUnder(bucket: string, prefix: string): Promise<VersionEntry[]> {
        const out: VersionEntry[] = [];
        let keyMarker: string | undefined;
        let versionMarker: string | undefined;
        for (;;) {
            const page = await this.client.send(
                new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
            );
            for (const v of page.Versions ?? [])
                out.push({ key: v.Key ?? "", versionId: v.VersionId ?? "null", latest: v.IsLatest ?? false, deleteMarker: false, size: v.Size ?? 0 });
            for (const m of page.DeleteMarkers ?? [])
                out.push({ key: m.Key ?? "", versionId: m.VersionId ?? "null", latest: m.IsLatest ?? false, deleteMarker: true, size: 0 });
            if (!page.IsTruncated) return out;
            keyMarker = page.NextKeyMarker;
            versionMarker = page.NextVersionIdMarker;
        }
    }

    dispose(): void {
        this.client.destroy();
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

/** "AccessDenied (HTTP 403): message" / "getaddrinfo ENOTFOUND host": the texts provider-probes.ts recognises. */
export function describeS3Error(e: unknown): string {
    const err = e as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
    const status = err.$metadata?.httpStatusCode;
    const message = err.message && err.message !== "UnknownError" ? `: ${err.message}` : "";
    const code = err.code && !(err.message ?? "").includes(err.code) ? ` ${err.code}` : "";
    return `${err.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}${message}${code}`;
}
