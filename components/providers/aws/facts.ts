/** The AWS S3 provider's facts: the profile without its Pulumi resources (index.ts adds them). */
import type { ConfigProblem, CrossFieldContext, ProviderFacts } from "../profile";
import { AWS_CREDENTIAL_INPUTS } from "./credential-inputs";
import { AWS_ACCESS, AWS_DEVIATIONS, S3_ARN_BUCKET, awsGrantsFor } from "./access";
import { iamUserNameProblem } from "./user-name";
import { AWS_DEPLOYER } from "./deployer";
import { AWS_KEY_EXPIRY } from "./expiry";
import { AWS_PROBES } from "./probes";
import { awsBucketModel } from "./protections";
import { AWS_TYPES } from "./resources";
import { AWS, awsRemoteSchema, type AwsRemoteConfig } from "./schema";
import { kmsKeyRegionProblem, parseKmsKeyArn } from "./kms-key";
import { awsKmsScope, awsPolicySizeProblem } from "./user-policy";
import { awsBoundarySizeProblem } from "./boundary";

/** S3 object keys are at most 1,024 bytes of UTF-8. */
const S3_OBJECT_KEY_MAX_BYTES = 1024;

export const awsFacts: ProviderFacts<AwsRemoteConfig> = {
    name: AWS,
    title: "AWS S3",
    remoteSchema: awsRemoteSchema,
    crossFieldProblems: awsCrossFieldProblems,
    access: AWS_ACCESS,
    deviations: AWS_DEVIATIONS,
    grantsIssued: (config, role) => awsGrantsFor(role, awsKmsScope(config)),
    bucketModel: (config) => awsBucketModel(config),
    deployer: AWS_DEPLOYER,
    probes: AWS_PROBES,
    credentialInputs: AWS_CREDENTIAL_INPUTS,
    resources: {
        buckets: { [AWS_TYPES.bucket]: "bucket", [AWS_TYPES.bucketV2]: "bucket" },
        credentials: { [AWS_TYPES.accessKey]: ["secret"] },
        bucketReferences: [S3_ARN_BUCKET],
        bucketReferenceProperties: ["bucket"],
    },
    identityNameProblem: iamUserNameProblem,
    grantProblem: awsPolicySizeProblem,
    environmentProblems: (environment, remotes) => {
        const problem = awsBoundarySizeProblem(environment, remotes);
        return problem ? [problem] : [];
    },
    maxObjectNameBytes: S3_OBJECT_KEY_MAX_BYTES,
    keyExpiry: AWS_KEY_EXPIRY,
    identityQuota: {
        counts: "IAM users",
        defaultQuota: 5000,
        source: "AWS IAM quotas: 5,000 users per account, raisable on request",
        // Every AWS remote of a stack deploys through the one default provider, so into one account.
        account: () => ({ id: "deploy credentials' account", identifiedBy: "the AWS credentials `pulumi up` runs with (AWS_PROFILE, aws:profile or OIDC)" }),
    },
};

function awsCrossFieldProblems({ remote, settings, production, optOut }: CrossFieldContext<AwsRemoteConfig>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (settings.versioning === false) {
        // Versioning is the control that makes an overwrite or a delete undoable (see the permissions output).
        if (production) {
            problems.push({
                path: ["remotes", remote, "versioning"],
                message: `must be true in a production environment: previous versions are what undoes an overwrite or a delete ${optOut}`,
            });
        }
        if (settings.objectLock !== undefined) {
            problems.push({
                path: ["remotes", remote, "objectLock"],
                message: "needs versioning: S3 Object Lock works only on versioned buckets; remove objectLock or set versioning: true",
            });
        }
    }
    const key = settings.encryption?.kmsKeyArn;
    const parsed = key === undefined ? undefined : parseKmsKeyArn(key);
    const misplaced = parsed && !("problem" in parsed) && settings.region !== undefined ? kmsKeyRegionProblem(parsed, settings.region) : undefined;
    if (misplaced) problems.push({ path: ["remotes", remote, "encryption", "kmsKeyArn"], message: misplaced });
    return problems;
}
