/**
 * What the post-deploy test attacks an R2 token with (see probe-facts.ts).
 * R2 has no object versioning and no bucket policies; lifecycle rules are
 * reachable through its S3 API (developers.cloudflare.com/r2/api/s3/api/).
 */
import type { ProviderProbeFacts } from "../probe-facts";
import { S3_ERROR_SIGNATURES } from "../s3-errors";

export const R2_PROBES: ProviderProbeFacts = {
    api: "s3",
    calls: {
        deleteObject: "S3 DeleteObject (R2)",
        listBuckets: "S3 ListBuckets (R2; bucket-scoped tokens cannot list buckets)",
        createBucket: "S3 CreateBucket (R2)",
        bucketSettings: { lifecycle: "S3 PutBucketLifecycleConfiguration, current rules (R2)" },
    },
    versionObserverCapability: "read",
    errorSignatures: S3_ERROR_SIGNATURES,
    canaryHost: "api.cloudflare.com",
};
