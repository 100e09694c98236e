/** The AWS S3 provider profile. */
import type { ConfigProblem, CrossFieldContext, ProviderProfile } from "../profile";
import { AWS_CREDENTIAL_INPUTS } from "./credential-inputs";
import { AWS_ACCESS, AWS_DEVIATIONS, S3_ARN_BUCKET, awsGrantsFor } from "./access";
import { AwsBackupBucket } from "./bucket";
import { AwsBackupCredential, awsKmsScope, iamUserNameProblem } from "./credential";
import { AWS_DEPLOYER } from "./deployer";
import { AWS_KEY_EXPIRY } from "./expiry";
import { assertAwsDeployerIsNotRoot } from "./guard";
import { AWS_MOCKS } from "./mocks";
import { AWS_PROBES } from "./probes";
import { awsBucketModel } from "./protections";
import { AWS_TYPES } from "./resources";
import { AWS, awsRemoteSchema, type AwsRemoteConfig } from "./schema";

export const awsProfile: ProviderProfile<AwsRemoteConfig> = {
    name: AWS,
    title: "AWS S3",
    remoteSchema: awsRemoteSchema,
    crossFieldProblems: awsCrossFieldProblems,
    access: AWS_ACCESS,
    deviations: AWS_DEVIATIONS,
    grantsIssued: (config, role) => awsGrantsFor(role, awsKmsScope(config)),
    bucketModel: (config) => awsBucketModel(config),
    provision(name, args, opts) {
        const bucket = new AwsBackupBucket(name, args, opts);
        return {
            model: bucket.model,
            issueCredential: (n, a, o) => new AwsBackupCredential(n, { ...a, remote: args.config }, o),
        };
    },
    guardDeployer: ({ deployment }) => assertAwsDeployerIsNotRoot(deployment.stack),
    deployer: AWS_DEPLOYER,
    probes: AWS_PROBES,
    mocks: AWS_MOCKS,
    credentialInputs: AWS_CREDENTIAL_INPUTS,
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

function awsCrossFieldProblems({ remote, raw, production, optOut }: CrossFieldContext): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (raw.versioning === false) {
        // Versioning is the control that makes an overwrite or a delete undoable (see the permissions output).
        if (production) {
            problems.push({ path: ["remotes", remote, "versioning"],
                message: `must be true in a production environment: previous versions are what undoes an overwrite or a delete ${optOut}` });
        }
        if (raw.objectLock !== undefined) {
            problems.push({ path: ["remotes", remote, "objectLock"],
                message: "needs versioning: S3 Object Lock works only on versioned buckets; remove objectLock or set versioning: true" });
        }
    }
    return problems;
}
