/** What the post-deploy test attacks an AWS key with (see probe-facts.ts). */
import type { ProviderProbeFacts } from "../probe-facts";
import { S3_ERROR_SIGNATURES } from "../s3-errors";

export const AWS_PROBES: ProviderProbeFacts = {
    api: "s3",
    calls: {
        deleteObject: "S3 DeleteObject (s3:DeleteObject)",
        deleteVersion: "S3 DeleteObject ?versionId (s3:DeleteObjectVersion)",
        readVersion: "S3 GetObject ?versionId (s3:GetObjectVersion)",
        listBuckets: "S3 ListBuckets (s3:ListAllMyBuckets)",
        createBucket: "S3 CreateBucket (s3:CreateBucket)",
        objectAcl: "S3 PutObjectAcl x-amz-acl: public-read (s3:PutObjectAcl)",
        bucketSettings: {
            versioning: "S3 PutBucketVersioning, current status (s3:PutBucketVersioning)",
            lifecycle: "S3 PutBucketLifecycleConfiguration, current rules (s3:PutLifecycleConfiguration)",
            policy: "S3 PutBucketPolicy, current policy (s3:PutBucketPolicy)",
        },
    },
    versionObserverCapability: "read",
    errorSignatures: S3_ERROR_SIGNATURES,
    canaryHost: "s3.amazonaws.com",
    // IAM decides an object request from the policy and the key's ARN before S3 looks the key up; only a GET or
    // HEAD of a missing key depends on s3:ListBucket (403 or 404), which is why reads always aim at written objects.
    refusesUnwritten: ["deleteObject", "deleteVersion"],
};
