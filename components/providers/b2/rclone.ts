/** The rclone section of a B2 credential. */
import type * as pulumi from "@pulumi/pulumi";
import type { Role } from "../../permissions/roles";
import { noReadSectionOptions } from "../../rclone/role-options";
import type { SectionOptions } from "../profile";
import { b2S3Endpoint } from "./protections";
import type { B2RemoteConfig } from "./schema";

/**
 * The rclone options for a B2 section.
 *
 * Native (default): `hard_delete = false`, so deletions (rclone `delete`,
 * `sync`) hide files with b2_hide_file, which needs only writeFiles; the old
 * version stays until the lifecycle removes it. No key gets deleteFiles.
 *
 * S3-compatible: B2's DeleteObject by name also only hides (delete marker),
 * again needing writeFiles. `no_check_bucket` because keys cannot create or
 * list buckets; a copy key cannot HEAD objects (no readFiles), so rclone must
 * not try (`no_head`, `no_head_object`), as on AWS.
 */
export function b2SectionOptions(
    role: Role,
    remote: B2RemoteConfig,
    applicationKeyId: pulumi.Input<string>,
    applicationKey: pulumi.Input<string>,
): SectionOptions {
    if (remote.api === "s3") {
        return {
            type: "s3",
            provider: "Other",
            access_key_id: applicationKeyId,
            secret_access_key: applicationKey,
            region: remote.region,
            endpoint: b2S3Endpoint(remote.region),
            no_check_bucket: "true",
            ...noReadSectionOptions(role),
        };
    }
    return {
        type: "b2",
        account: applicationKeyId,
        key: applicationKey,
        hard_delete: "false",
    };
}
