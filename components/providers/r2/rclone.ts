/** The rclone section of an R2 credential. */
import type * as pulumi from "@pulumi/pulumi";
import type { Role } from "../../permissions/roles";
import { noReadSectionOptions } from "../../rclone/role-options";
import type { SectionOptions } from "../profile";
import { R2_REGION, r2Endpoint } from "./protections";
import type { R2RemoteConfig } from "./schema";

/**
 * The rclone options for an R2 section. `no_check_bucket`: bucket-scoped
 * tokens cannot create or HEAD buckets. Copy sections keep the project's copy
 * options (no HEAD, `--ignore-existing`) although R2's write group could read:
 * the section asks for what the role intends, not what R2 over-grants.
 */
export function r2SectionOptions(
    role: Role,
    remote: Pick<R2RemoteConfig, "accountId" | "jurisdiction">,
    accessKeyId: pulumi.Input<string>,
    secretAccessKey: pulumi.Input<string>,
): SectionOptions {
    return {
        type: "s3",
        provider: "Cloudflare",
        access_key_id: accessKeyId,
        secret_access_key: secretAccessKey,
        region: R2_REGION,
        endpoint: r2Endpoint(remote.accountId, remote.jurisdiction),
        no_check_bucket: "true",
        ...noReadSectionOptions(role),
    };
}
