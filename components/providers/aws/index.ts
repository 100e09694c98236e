/** The AWS S3 provider profile: its facts (facts.ts) and the Pulumi resources the program registers. */
import type { ProviderProfile } from "../profile";
import { AwsBackupBucket } from "./bucket";
import { AwsBackupCredential } from "./credential";
import { awsFacts } from "./facts";
import { assertAwsDeployerIsNotRoot } from "./guard";
import { AWS_MOCKS } from "./mocks";
import type { AwsRemoteConfig } from "./schema";

export const awsProfile: ProviderProfile<AwsRemoteConfig> = {
    ...awsFacts,
    provision(name, args, opts) {
        const bucket = new AwsBackupBucket(name, args, opts);
        return {
            model: bucket.model,
            issueCredential: (n, a, o) => new AwsBackupCredential(n, { ...a, remote: args.config }, o),
        };
    },
    guardDeployer: ({ deployment }) => assertAwsDeployerIsNotRoot(deployment.stack),
    mocks: AWS_MOCKS,
};
