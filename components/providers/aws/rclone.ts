/** The rclone section of an AWS credential. */
import type * as pulumi from "@pulumi/pulumi";
import type { Role } from "../../permissions/roles";
import { noReadSectionOptions } from "../../rclone/role-options";
import type { SectionOptions } from "../profile";
import type { AwsRemoteConfig } from "./schema";

/**
 * `no_check_bucket` because no key may create buckets; a copy key cannot HEAD
 * (no s3:GetObject), so rclone must not try (`no_head`, `no_head_object`).
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
        // Empty: buckets use BucketOwnerEnforced, where any ACL header fails the PUT.
        acl: "",
        server_side_encryption: remote.encryption.algorithm,
        ...(remote.encryption.kmsKeyArn ? { sse_kms_key_id: remote.encryption.kmsKeyArn } : {}),
        no_check_bucket: "true",
        ...noReadSectionOptions(role),
    };
}
