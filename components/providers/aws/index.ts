/** The AWS S3 provider profile: its facts (facts.ts) and the Pulumi resources the program registers. */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { standardTags } from "../../tags";
import type { BucketArgs, ProviderProfile, ProvisionedBucket } from "../profile";
import { awsBoundaryPolicy, boundaryPolicyName, boundaryPolicyPath } from "./boundary";
import { AwsBackupBucket } from "./bucket";
import { AwsBackupCredential } from "./credential";
import { awsFacts } from "./facts";
import { assertAwsDeployerIsNotRoot } from "./guard";
import { AWS_MOCKS } from "./mocks";
import { AWS, type AwsRemoteConfig } from "./schema";

/** The logical name of an environment's boundary policy (a child of the environment component). */
export const AWS_BOUNDARY_RESOURCE = `${AWS}-boundary`;

function provisionBucket(
    name: string,
    args: BucketArgs<AwsRemoteConfig>,
    opts: pulumi.ComponentResourceOptions,
    boundary: pulumi.Input<string> | undefined,
): ProvisionedBucket {
    const bucket = new AwsBackupBucket(name, args, opts);
    return {
        model: bucket.model,
        issueCredential: (n, a, o) => new AwsBackupCredential(n, { ...a, remote: args.config, ...(boundary ? { boundary } : {}) }, o),
    };
}

export const awsProfile: ProviderProfile<AwsRemoteConfig> = {
    ...awsFacts,
    provision: (name, args, opts) => provisionBucket(name, args, opts, undefined),
    provisionEnvironment({ environment, remotes, issuesKeys }, opts) {
        // No user, nothing to bound.
        if (!issuesKeys) return (name, args, o) => provisionBucket(name, args, o, undefined);
        // Never deleted by the engine: the deploy credential may not delete it (deployer.ts), and users outlive a stack's
        // teardown only if their boundary does. Its document is widened by an admin (docs/deploying.md).
        const boundary = new aws.iam.Policy(
            AWS_BOUNDARY_RESOURCE,
            {
                name: boundaryPolicyName(environment),
                path: boundaryPolicyPath(environment),
                description: `Permissions boundary of the backup users of ${environment}: backup actions on its buckets only`,
                policy: awsBoundaryPolicy(remotes),
                tags: standardTags(environment),
            },
            { ...opts, retainOnDelete: true },
        );
        return (name, args, o) => provisionBucket(name, args, o, boundary.arn);
    },
    guardDeployer: ({ deployment }) => assertAwsDeployerIsNotRoot(deployment.stack),
    mocks: AWS_MOCKS,
};
