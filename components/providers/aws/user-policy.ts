/**
 * The inline policy of one backup user, as the credential component sends it
 * to IAM, and IAM's size limit for it: inline user policies may hold 2,048
 * characters, whitespace not counted (IAM and STS quotas). A long prefix or
 * bucket name appears in several statements, so the schema checks the very
 * document the component would send, per identity.
 */
import type { IdentityPlan } from "../profile";
import type { Role } from "../../permissions/roles";
import { awsPolicyDocument, type KmsScope } from "./access";
import { withExpiry } from "./expiry";
import { withSourceIp } from "./source-ip";
import type { AwsRemoteConfig } from "./schema";

export const IAM_INLINE_USER_POLICY_MAX = 2048;

/** The bucket's KMS key and region, when its default encryption is aws:kms. */
export function awsKmsScope(remote: AwsRemoteConfig): KmsScope | undefined {
    const { algorithm, kmsKeyArn } = remote.encryption;
    return algorithm === "aws:kms" && kmsKeyArn !== undefined ? { keyArn: kmsKeyArn, region: remote.region } : undefined;
}

/** The policy text of one identity (withSourceIp and withExpiry over awsPolicyDocument, as the component registers it). */
export function awsUserPolicy(role: Role, remote: AwsRemoteConfig, prefix: string, expiresOn: string | undefined, addresses?: readonly string[]): string {
    return JSON.stringify(withSourceIp(withExpiry(awsPolicyDocument(role, remote.bucket, prefix, awsKmsScope(remote)), expiresOn), addresses));
}

/** The size IAM counts: characters other than whitespace. */
export function iamPolicySize(policy: string): number {
    return [...policy].filter((c) => !/\s/u.test(c)).length;
}

/** Why IAM would refuse this identity's inline policy; undefined when it fits. */
export function awsPolicySizeProblem(identity: IdentityPlan<AwsRemoteConfig>): string | undefined {
    const { role, prefix, config, expiry, addresses } = identity;
    const size = iamPolicySize(awsUserPolicy(role, config, prefix, expiry?.expiresOn, addresses));
    if (size <= IAM_INLINE_USER_POLICY_MAX) return undefined;
    return (
        `makes the ${role} policy ${size} characters (whitespace not counted); IAM allows ${IAM_INLINE_USER_POLICY_MAX} for an inline ` +
        `user policy and would refuse it at deploy: the prefix and the bucket name appear in several statements, so shorten the prefix` +
        `${prefix.length > 0 ? ` (${[...prefix].length} characters)` : ""}` +
        `${addresses?.length ? ` or list fewer address ranges for host "${identity.id.host}" (hostAddresses: they are on every statement)` : ""}`
    );
}
