import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import { T } from "../../policies/resources";

// The pack matches resources by type token; these must be the tokens the real SDK classes register.
const tokenOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;

describe("resource type tokens", () => {
    const cases: [string, unknown][] = [
        [T.awsBucket, aws.s3.Bucket], [T.awsVersioning, aws.s3.BucketVersioning],
        [T.awsLifecycle, aws.s3.BucketLifecycleConfiguration], [T.awsEncryption, aws.s3.BucketServerSideEncryptionConfiguration],
        [T.awsPublicAccessBlock, aws.s3.BucketPublicAccessBlock], [T.awsOwnership, aws.s3.BucketOwnershipControls],
        [T.awsBucketPolicy, aws.s3.BucketPolicy], [T.awsUser, aws.iam.User], [T.awsUserPolicy, aws.iam.UserPolicy],
        [T.awsUserPolicyAttachment, aws.iam.UserPolicyAttachment], [T.awsAccessKey, aws.iam.AccessKey],
        [T.awsBucketV2, aws.s3.BucketV2], [T.awsVersioningV2, aws.s3.BucketVersioningV2],
        [T.awsLifecycleV2, aws.s3.BucketLifecycleConfigurationV2], [T.awsEncryptionV2, aws.s3.BucketServerSideEncryptionConfigurationV2],
        [T.r2Bucket, cloudflare.R2Bucket], [T.r2Lifecycle, cloudflare.R2BucketLifecycle], [T.r2Lock, cloudflare.R2BucketLock],
        [T.cfApiToken, cloudflare.ApiToken], [T.cfAccountToken, cloudflare.AccountToken],
    ];
    for (const [token, cls] of cases) {
        it(`${token} is the SDK class's token`, () => assert.equal(tokenOf(cls), token));
    }
});
