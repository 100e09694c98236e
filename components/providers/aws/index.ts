/** The AWS S3 provider profile. */
import type { ProviderProfile } from "../profile";
import { AWS_ACCESS, AWS_DEVIATIONS, S3_ARN_BUCKET } from "./access";
import { AwsBackupBucket } from "./bucket";
import { AwsBackupCredential, iamUserNameProblem } from "./credential";
import { AWS_KEY_EXPIRY } from "./expiry";
import { assertAwsDeployerIsNotRoot } from "./guard";
import { AWS_MOCKS } from "./mocks";
import { awsBucketModel } from "./protections";
import { AWS_TYPES } from "./resources";
import { AWS, awsRemoteSchema, type AwsRemoteConfig } from "./schema";

export const awsProfile: ProviderProfile<AwsRemoteConfig> = {
    name: AWS,
    title: "AWS S3",
    remoteSchema: awsRemoteSchema,
    crossFieldProblems({ remote, raw, production }) {
        // Versioning is the control that makes an overwrite or a delete undoable (see the permissions output).
        return production && raw.versioning === false
            ? [{ path: ["remotes", remote, "versioning"], message: "must be true in prod: previous versions are what undoes an overwrite or a delete" }]
            : [];
    },
    access: AWS_ACCESS,
    deviations: AWS_DEVIATIONS,
    bucketModel: (config) => awsBucketModel(config),
    provision(name, args, opts) {
        const bucket = new AwsBackupBucket(name, args, opts);
        return {
            model: bucket.model,
            issueCredential: (n, a, o) => new AwsBackupCredential(n, { ...a, remote: args.config }, o),
        };
    },
    guardDeployer: () => assertAwsDeployerIsNotRoot(),
    mocks: AWS_MOCKS,
    resources: {
        buckets: { [AWS_TYPES.bucket]: "bucket", [AWS_TYPES.bucketV2]: "bucket" },
        credentials: { [AWS_TYPES.accessKey]: ["secret"] },
        bucketReferences: [S3_ARN_BUCKET],
        bucketReferenceProperties: ["bucket"],
    },
    identityNameProblem: iamUserNameProblem,
    keyExpiry: AWS_KEY_EXPIRY,
    identityQuota: {
        counts: "IAM users",
        defaultQuota: 5000,
        source: "AWS IAM quotas: 5,000 users per account, raisable on request",
        // Every AWS remote of a stack deploys through the one default provider, so into one account.
        account: () => ({ id: "deploy credentials' account", identifiedBy: "the AWS credentials `pulumi up` runs with (AWS_PROFILE, aws:profile or OIDC)" }),
    },
};
