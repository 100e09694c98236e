import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { R2_TYPES } from "../../components/providers/r2/resources";

// The pack matches resources by type token; these must be the tokens the real SDK classes register.
const tokenOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;

describe("resource type tokens", () => {
    const cases: [string, unknown][] = [
        [AWS_TYPES.bucket, aws.s3.Bucket],
        [AWS_TYPES.versioning, aws.s3.BucketVersioning],
        [AWS_TYPES.lifecycle, aws.s3.BucketLifecycleConfiguration],
        [AWS_TYPES.encryption, aws.s3.BucketServerSideEncryptionConfiguration],
        [AWS_TYPES.publicAccessBlock, aws.s3.BucketPublicAccessBlock],
        [AWS_TYPES.ownership, aws.s3.BucketOwnershipControls],
        [AWS_TYPES.bucketPolicy, aws.s3.BucketPolicy],
        [AWS_TYPES.user, aws.iam.User],
        [AWS_TYPES.userPolicy, aws.iam.UserPolicy],
        [AWS_TYPES.userPolicyAttachment, aws.iam.UserPolicyAttachment],
        [AWS_TYPES.accessKey, aws.iam.AccessKey],
        [AWS_TYPES.bucketV2, aws.s3.BucketV2],
        [AWS_TYPES.versioningV2, aws.s3.BucketVersioningV2],
        [AWS_TYPES.lifecycleV2, aws.s3.BucketLifecycleConfigurationV2],
        [AWS_TYPES.encryptionV2, aws.s3.BucketServerSideEncryptionConfigurationV2],
        [R2_TYPES.bucket, cloudflare.R2Bucket],
        [R2_TYPES.lifecycle, cloudflare.R2BucketLifecycle],
        [R2_TYPES.lock, cloudflare.R2BucketLock],
        [R2_TYPES.apiToken, cloudflare.ApiToken],
        [R2_TYPES.accountToken, cloudflare.AccountToken],
    ];
    for (const [token, cls] of cases) {
        it(`${token} is the SDK class's token`, () => assert.equal(tokenOf(cls), token));
    }
});
