/**
 * What the S3 protocol says when it refuses or fails, as rclone 1.60's s3
 * backend and post-deploy's S3 client (probe-api/s3-wire.ts, as the AWS SDK did) report it: shared by every provider that speaks S3
 * (AWS, R2, B2's S3 API), captured against radosgw 16.2 and from the AWS S3
 * API reference.
 */
import type { ErrorSignature } from "./probe-facts";

export const S3_ERROR_SIGNATURES: readonly ErrorSignature[] = [
    {
        kind: "wrong-region",
        pattern: /BucketRegionError|PermanentRedirect|AuthorizationHeaderMalformed|IllegalLocationConstraint|status code: 301\b|HTTP 301\b/,
    },
    { kind: "signature", pattern: /SignatureDoesNotMatch|signature we calculated does not match/i },
    { kind: "unknown-key", pattern: /InvalidAccessKeyId|access key id you provided does not exist|InvalidToken|ExpiredToken/i },
    // rclone's s3 backend reports a missing bucket as "directory not found" when listing it.
    { kind: "no-such-bucket", pattern: /NoSuchBucket|bucket does not exist|error in ListJSON: directory not found/i },
    { kind: "not-implemented", pattern: /NotImplemented|HTTP 501\b/ },
    { kind: "not-found", pattern: /NoSuchKey|NoSuchVersion|NotFound|HTTP 404\b|object not found|directory not found/ },
    // AccessControlListNotSupported: a BucketOwnerEnforced bucket refusing an ACL other than bucket-owner-full-control.
    { kind: "access-denied", pattern: /AccessDenied|AccessControlListNotSupported|Forbidden|status code: 403\b|HTTP 403\b|failed to delete \d+ files/ },
];
