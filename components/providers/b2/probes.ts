/**
 * What the post-deploy test attacks a B2 key with (see probe-facts.ts).
 * Whatever API a section uses, a B2 key is a B2 key: account and bucket
 * probes use the native API (Backblaze's B2 native API docs: b2_* calls,
 * `{status, code, message}` errors; documented, not captured: B2 does not
 * run where this was written).
 */
import type { ErrorSignature, ProviderProbeFacts } from "../probe-facts";
import { S3_ERROR_SIGNATURES } from "../s3-errors";

/** B2's native API: where to authorize and which version of the calls to use. */
export const B2_NATIVE_API = {
    authorizeUrl: "https://api.backblazeb2.com/b2api/v4/b2_authorize_account",
    callVersion: "v3",
} as const;

/**
 * rclone's b2 backend formats errors as "<message> (<status> <code>)", and so
 * does our native client. B2 answers "401 unauthorized" both to a wrong key
 * and to a capability the key lacks, so it counts as a refusal.
 */
const B2_NATIVE_SIGNATURES: readonly ErrorSignature[] = [
    { kind: "unknown-key", pattern: /bad_auth_token|expired_auth_token/ },
    { kind: "no-such-bucket", pattern: /bad_bucket_id|\(404 bad_bucket_id\)/ },
    { kind: "not-found", pattern: /\(404 (not_found|file_not_present)\)|no_such_file/ },
    { kind: "access-denied", pattern: /\(401 unauthorized\)|\(403 access_denied\)|\bunauthorized\b/i },
];

export const B2_PROBES: ProviderProbeFacts = {
    api: "b2-native",
    calls: {
        deleteObject: "b2_hide_file (writeFiles)",
        deleteVersion: "b2_delete_file_version (deleteFiles)",
        readVersion: "b2_download_file_by_id (readFiles)",
        listBuckets: "b2_list_buckets (listBuckets)",
        createBucket: "b2_create_bucket (writeBuckets)",
        bucketSettings: { lifecycle: "b2_update_bucket, current lifecycle rules (writeBuckets)" },
    },
    versionObserverCapability: "list",
    errorSignatures: [...B2_NATIVE_SIGNATURES, ...S3_ERROR_SIGNATURES],
    canaryHost: "api.backblazeb2.com",
};
