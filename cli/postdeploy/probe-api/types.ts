/**
 * The provider calls rclone has no operation for (version deletes, bucket
 * listing and creation, bucket settings) and the writes and observations
 * that need version ids, made with one identity's own credentials and
 * endpoint. One implementation per API kind (provider-probes.ts says which a
 * provider uses): S3's REST API (over aws-lite), B2's native API.
 */
import type { BucketSetting } from "../provider-probes";

/** One version of an object (or a delete marker / B2 hide marker). */
export interface VersionEntry {
    readonly key: string;
    readonly versionId: string;
    /** The newest version of its key. */
    readonly latest: boolean;
    readonly deleteMarker: boolean;
    readonly size: number;
}

/** A call's result; errors are texts (redacted) for the diagnosis. */
export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly text: string };

export interface ProbeApi {
    /** Write one object; its version id where the provider keeps versions. */
    putObject(bucket: string, key: string, body: Buffer): Promise<ApiResult<{ versionId?: string }>>;
    /** Whether that version still exists; undefined when this identity cannot tell (e.g. a 403 on a HEAD). */
    versionExists(bucket: string, key: string, versionId: string): Promise<ApiResult<boolean | undefined>>;
    deleteVersion(bucket: string, key: string, versionId: string): Promise<ApiResult<void>>;
    /** Delete (S3: a delete marker where versioned; B2: hide) the current version, the one call an intruder makes: no HEAD first, as rclone does. */
    deleteObject(bucket: string, key: string): Promise<ApiResult<void>>;
    /** The bytes of one version by id (a noncurrent one: what a thief of history reads). */
    readVersion(bucket: string, key: string, versionId: string): Promise<ApiResult<Buffer>>;
    /** Set a canned ACL on an object (the probe only tries public-read, which every key must be refused). */
    putObjectAcl(bucket: string, key: string, acl: "public-read"): Promise<ApiResult<void>>;
    /** Bucket names the identity can see. */
    listBuckets(): Promise<ApiResult<string[]>>;
    createBucket(name: string): Promise<ApiResult<void>>;
    deleteBucket(name: string): Promise<ApiResult<void>>;
    /** The current value of a setting (serialised), undefined when the bucket has none. */
    readSetting(bucket: string, setting: BucketSetting): Promise<ApiResult<string | undefined>>;
    /** Write a setting back (the probes only ever write the value read, so an over-privileged key changes nothing). */
    writeSetting(bucket: string, setting: BucketSetting, value: string): Promise<ApiResult<void>>;
    /** Every version (and delete marker) under a prefix: what the admin observes effects with. */
    listVersions(bucket: string, prefix: string): Promise<ApiResult<VersionEntry[]>>;
    /** Remove every version (and delete marker) under a prefix: the administrative cleanup. */
    purgeVersions(bucket: string, prefix: string): Promise<ApiResult<number>>;
    /**
     * Remove these versions, listed by listVersions: the cleanup of a folder listed already. Only where
     * listVersions returns everything a purge removes (S3: versions and delete markers; B2 lists no
     * unfinished large files, so it purges).
     */
    readonly deleteVersions?: (bucket: string, versions: readonly VersionEntry[]) => Promise<ApiResult<number>>;
    dispose(): void;
}

export interface ApiContext {
    /** Limit per call. */
    readonly timeoutMs: number;
    /** Values never to show (keys of every section). */
    readonly secrets: readonly string[];
    /** Counts calls made, for the report. */
    readonly count: () => void;
}
