/** The rclone section of an AWS credential. */
import type * as pulumi from "@pulumi/pulumi";
import type { Role } from "../../permissions/roles";
import { noReadSectionOptions } from "../../rclone/role-options";
import type { SectionOptions } from "../profile";
import { AWS_OWNER_ACL } from "./access";
import type { AwsRemoteConfig } from "./schema";

/**
 * `no_check_bucket` because no key may create buckets; a copy key cannot HEAD
 * (no s3:GetObject), so rclone must not try (`no_head`, `no_head_object`);
 * `acl` is the one ACL the keys may send (access.ts, AWS_OWNER_ACL).
 */
export function awsSectionOptions(
    role: Role,
    remote: AwsRemoteConfig,
    accessKeyId: pulumi.Input<string>,
    secretAccessKey: pulumi.Input<string>,
): SectionOptions {
    return {
        type: "s3",
        provider: "AWS",
        access_key_id: accessKeyId,
        secret_access_key: secretAccessKey,
        region: remote.region,
        // Not empty: rclone 1.59–1.60 send an empty acl as "private", which BucketOwnerEnforced need not
        // accept; this one it does, and every version sends it alike (docs/rclone-version.md).
        acl: AWS_OWNER_ACL,
        server_side_encryption: remote.encryption.algorithm,
        ...(remote.encryption.kmsKeyArn ? { sse_kms_key_id: remote.encryption.kmsKeyArn } : {}),
        no_check_bucket: "true",
        ...noReadSectionOptions(role),
    };
}
