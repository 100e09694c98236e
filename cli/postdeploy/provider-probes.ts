/**
 * Every provider-specific fact the post-deploy probes rely on, as data keyed
 * by provider (and, for what rclone does underneath, by rclone backend type).
 * Nothing else in cli/postdeploy/ names a provider: the runner asks this
 * module. It is meant to move into the provider profiles
 * (components/providers/<name>/) once they exist.
 *
 * Sources: rclone 1.60.1 (backend/s3, backend/b2) and its captured error texts
 * against radosgw 16.2; AWS S3 API reference (action names, error codes);
 * Backblaze's B2 native API docs (b2_* calls, capabilities, `{status, code,
 * message}` errors); Cloudflare's R2 docs (S3 compatibility: no versioning,
 * no bucket policies, `AccessDenied` for a token without the permission).
 * R2 and B2 texts are documented, not captured: neither runs here.
 */
import type { PermissionEntry, ProviderName } from "../../components/outputs";
import { AWS_LIST_ACTION, AWS_OBJECT_ACTIONS } from "../../components/permissions/aws";
import { B2_CAPABILITIES_BY_CAPABILITY } from "../../components/permissions/b2";
import { R2_ITEM_READ, R2_ITEM_WRITE } from "../../components/permissions/r2";
import type { Capability } from "../../components/permissions/roles";
import type { ErrorSignature } from "./error-kinds";

/** Which API the non-rclone probes of a provider use. */
export type ProbeApiKind = "s3" | "b2-native";

/** Bucket settings a backup key must never change. */
export const BUCKET_SETTINGS = ["versioning", "lifecycle", "policy"] as const;
export type BucketSetting = (typeof BUCKET_SETTINGS)[number];

export interface ProviderCalls {
    /** Writing one target version (the call returns its version id). */
    readonly putVersion: string;
    /** Seeing whether one version still exists. */
    readonly versionExists: string;
    /** Deleting one noncurrent version by id; absent where the provider keeps no versions. */
    readonly deleteVersion?: string;
    readonly listBuckets: string;
    readonly createBucket: string;
    /** The call that changes each setting; absent where the provider has no such setting. */
    readonly bucketSettings: Readonly<Partial<Record<BucketSetting, string>>>;
}

export interface ProviderProbeFacts {
    readonly api: ProbeApiKind;
    /** Whether buckets keep noncurrent versions: always (B2), never (R2), or as configured (AWS). */
    readonly versioning: "always" | "never" | "per-bucket";
    readonly calls: ProviderCalls;
    /** The capability a section needs to see a single version (S3 HEAD ?versionId needs read; B2 lists versions with listFiles). */
    readonly versionObserverCapability: Capability;
    /** Error texts of this provider (its API and rclone's backend for it), most specific first. */
    readonly errorSignatures: readonly ErrorSignature[];
    /** A public host of the provider: when even it does not resolve, the network is down, not the endpoint wrong. */
    readonly canaryHost: string;
    /** The grant each capability needs on this provider (from the permission model), for diagnoses. */
    readonly grants: Readonly<Record<Capability, string>>;
}

/** What rclone 1.60's s3 backend and the S3 SDK say, on AWS, R2, B2's S3 API and radosgw. */
const S3_SIGNATURES: readonly ErrorSignature[] = [
    { kind: "wrong-region", pattern: /BucketRegionError|PermanentRedirect|AuthorizationHeaderMalformed|IllegalLocationConstraint|status code: 301\b|HTTP 301\b/ },
    { kind: "signature", pattern: /SignatureDoesNotMatch|signature we calculated does not match/i },
    { kind: "unknown-key", pattern: /InvalidAccessKeyId|access key id you provided does not exist|InvalidToken|ExpiredToken/i },
    // rclone's s3 backend reports a missing bucket as "directory not found" when listing it.
    { kind: "no-such-bucket", pattern: /NoSuchBucket|bucket does not exist|error in ListJSON: directory not found/i },
    { kind: "not-implemented", pattern: /NotImplemented|HTTP 501\b/ },
    { kind: "not-found", pattern: /NoSuchKey|NoSuchVersion|NotFound|HTTP 404\b|object not found|directory not found/ },
    { kind: "access-denied", pattern: /AccessDenied|Forbidden|status code: 403\b|HTTP 403\b|failed to delete \d+ files/ },
];

/**
 * B2: rclone's b2 backend formats errors as "<message> (<status> <code>)", and
 * so does our native client. B2 answers "401 unauthorized" both to a wrong key
 * and to a capability the key lacks, so it counts as a refusal.
 */
const B2_NATIVE_SIGNATURES: readonly ErrorSignature[] = [
    { kind: "unknown-key", pattern: /bad_auth_token|expired_auth_token/ },
    { kind: "no-such-bucket", pattern: /bad_bucket_id|\(404 bad_bucket_id\)/ },
    { kind: "not-found", pattern: /\(404 (not_found|file_not_present)\)|no_such_file/ },
    { kind: "access-denied", pattern: /\(401 unauthorized\)|\(403 access_denied\)|\bunauthorized\b/i },
];

export const PROVIDER_PROBES: Readonly<Record<ProviderName, ProviderProbeFacts>> = {
    aws: {
        api: "s3",
        versioning: "per-bucket",
        calls: {
            putVersion: "S3 PutObject",
            versionExists: "S3 HeadObject ?versionId (s3:GetObjectVersion)",
            deleteVersion: "S3 DeleteObject ?versionId (s3:DeleteObjectVersion)",
            listBuckets: "S3 ListBuckets (s3:ListAllMyBuckets)",
            createBucket: "S3 CreateBucket (s3:CreateBucket)",
            bucketSettings: {
                versioning: "S3 PutBucketVersioning, current status (s3:PutBucketVersioning)",
                lifecycle: "S3 PutBucketLifecycleConfiguration, current rules (s3:PutLifecycleConfiguration)",
                policy: "S3 PutBucketPolicy, current policy (s3:PutBucketPolicy)",
            },
        },
        versionObserverCapability: "read",
        errorSignatures: S3_SIGNATURES,
        canaryHost: "s3.amazonaws.com",
        grants: {
            list: AWS_LIST_ACTION,
            read: AWS_OBJECT_ACTIONS.read.join(", "),
            write: AWS_OBJECT_ACTIONS.write.join(", "),
            delete: AWS_OBJECT_ACTIONS.delete.join(", "),
        },
    },
    r2: {
        api: "s3",
        // R2 has no object versioning and no bucket policies; lifecycle rules are reachable through its S3 API.
        versioning: "never",
        calls: {
            putVersion: "S3 PutObject (R2)",
            versionExists: "S3 HeadObject (R2)",
            listBuckets: "S3 ListBuckets (R2; bucket-scoped tokens cannot list buckets)",
            createBucket: "S3 CreateBucket (R2)",
            bucketSettings: { lifecycle: "S3 PutBucketLifecycleConfiguration, current rules (R2)" },
        },
        versionObserverCapability: "read",
        errorSignatures: S3_SIGNATURES,
        canaryHost: "api.cloudflare.com",
        grants: { list: R2_ITEM_READ, read: R2_ITEM_READ, write: R2_ITEM_WRITE, delete: R2_ITEM_WRITE },
    },
    b2: {
        // Whatever API the section uses, a B2 key is a B2 key: account and bucket probes use the native API.
        api: "b2-native",
        versioning: "always",
        calls: {
            putVersion: "b2_upload_file",
            versionExists: "b2_list_file_versions (listFiles)",
            deleteVersion: "b2_delete_file_version (deleteFiles)",
            listBuckets: "b2_list_buckets (listBuckets)",
            createBucket: "b2_create_bucket (writeBuckets)",
            bucketSettings: { lifecycle: "b2_update_bucket, current lifecycle rules (writeBuckets)" },
        },
        versionObserverCapability: "list",
        errorSignatures: [...B2_NATIVE_SIGNATURES, ...S3_SIGNATURES],
        canaryHost: "api.backblazeb2.com",
        grants: {
            list: B2_CAPABILITIES_BY_CAPABILITY.list.join(", "),
            read: B2_CAPABILITIES_BY_CAPABILITY.read.join(", "),
            write: B2_CAPABILITIES_BY_CAPABILITY.write.join(", "),
            // Deletion is a hide, which writeFiles allows.
            delete: B2_CAPABILITIES_BY_CAPABILITY.delete.join(", ") || "writeFiles (hide)",
        },
    },
};

/** B2's native API: where to authorize and which version of the calls to use. */
export const B2_NATIVE_API = {
    authorizeUrl: "https://api.backblazeb2.com/b2api/v4/b2_authorize_account",
    callVersion: "v3",
} as const;

/** The provider request underneath each rclone operation, by rclone backend type (the section's `type`). */
export const RCLONE_BACKEND_CALLS: Readonly<Record<string, Readonly<Record<"list" | "write" | "read" | "delete", string>>>> = {
    s3: { list: "S3 ListObjectsV2", write: "S3 PutObject / multipart upload", read: "S3 GetObject", delete: "S3 DeleteObject" },
    b2: { list: "b2_list_file_names", write: "b2_upload_file", read: "b2_download_file_by_name", delete: "b2_hide_file (hard_delete = false)" },
};

/**
 * Connection-string options, by rclone backend type, that make rclone upload
 * the copy-rerun probe (64 KiB) as a multipart upload: test-only, real jobs
 * keep their defaults. Its ETag is then no MD5, like a large file's (or any
 * object's in an aws:kms bucket), which is what made a second `rclone copy
 * --checksum` HEAD the destination. B2 lists a SHA-1 for every file rclone
 * uploads, large or not, so its probe needs no such option.
 */
export const MULTIPART_PROBE_OPTIONS: Readonly<Partial<Record<string, string>>> = {
    s3: "upload_cutoff=1k",
};

/**
 * Whether the bucket of `entry` keeps noncurrent versions. For providers that
 * version per bucket this reads the `protections` output, whose AWS entries
 * say "versioning (noncurrent versions kept N days)" or "versioning off".
 * TODO(issue #14): read the structured protection once protections are data.
 */
export function bucketKeepsVersions(entry: Pick<PermissionEntry, "provider" | "protections">): boolean {
    const mode = PROVIDER_PROBES[entry.provider].versioning;
    if (mode !== "per-bucket") return mode === "always";
    return entry.protections.some((p) => /^versioning \(/.test(p));
}
