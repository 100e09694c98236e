/**
 * One B2 credential for one host: an application key restricted to the
 * remote's bucket (`bucketId`, or `bucketIds` with keyApi "v4") and the
 * credential's prefix (`namePrefix`),
 * with the capabilities the permission model gives the role. One key per
 * host, so a single host can be revoked without touching the others.
 */
import * as b2 from "@pulumi/b2";
import * as pulumi from "@pulumi/pulumi";
import type { B2RemoteConfig } from "../config/b2";
import { identityName, type IssuedCredential, type SectionOptions } from "../leaf";
import { b2Capabilities } from "../permissions/b2";
import type { Role } from "../permissions/roles";
import { b2S3Endpoint } from "./bucket";
import { noReadSectionOptions, roleRcloneFlags } from "../rclone/role-options";
import { UserError } from "../user-error";

export interface B2CredentialArgs {
    readonly environment: string;
    readonly credential: string;
    readonly host: string;
    readonly role: Role;
    readonly prefix: string;
    readonly remote: B2RemoteConfig;
    /** ID of the remote's bucket, the only bucket the key may reach. */
    readonly bucketId: pulumi.Input<string>;
}

/** b2_create_key: key names are at most 100 letters, digits and '-'. */
export function b2KeyName(environment: string, credential: string, host: string): string {
    // Host names may contain dots, which key names may not.
    const name = identityName(environment, credential, host).replace(/\./g, "-");
    if (name.length > 100) {
        throw new UserError(`B2 key name "${name}" is longer than 100 characters; shorten credential "${credential}" or host "${host}"`);
    }
    return name;
}

export class B2BackupCredential extends pulumi.ComponentResource implements IssuedCredential {
    readonly sectionOptions: SectionOptions;
    readonly rcloneFlags: readonly string[];
    readonly applicationKeyId: pulumi.Output<string>;
    /** Secret from birth: wrapped before anything else can read it. */
    readonly applicationKey: pulumi.Output<string>;

    constructor(name: string, args: B2CredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup-remotes:b2:Credential", name, {}, opts);
        const key = new b2.ApplicationKey(name, {
            keyName: b2KeyName(args.environment, args.credential, args.host),
            capabilities: b2Capabilities(args.role),
            // A v4 (bucketIds) key cannot authenticate with rclone < 1.73; see B2RemoteConfig.keyApi.
            ...(args.remote.keyApi === "v4" ? { bucketIds: [args.bucketId] } : { bucketId: args.bucketId }),
            // B2 compares file names to the prefix as plain strings; "" means the whole bucket.
            namePrefix: args.prefix || undefined,
            validDurationInSeconds: args.remote.keyLifetimeDays !== undefined ? args.remote.keyLifetimeDays * 86400 : undefined,
        }, { parent: this }); // The SDK class itself asks the engine to keep applicationKey secret.
        this.applicationKeyId = key.applicationKeyId;
        this.applicationKey = pulumi.secret(key.applicationKey);
        this.sectionOptions = b2SectionOptions(args.role, args.remote, this.applicationKeyId, this.applicationKey);
        // Compare by the SHA-1 B2 lists, so a copy key never needs to read (or server-side copy) to fix a modtime.
        this.rcloneFlags = roleRcloneFlags(args.role);
        this.registerOutputs({ applicationKeyId: key.applicationKeyId });
    }
}

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
