/**
 * One AWS credential for one host: an IAM user under /backup/<env>/ with an
 * inline policy from the permission model and one access key. One user per
 * host, so a single host can be revoked without touching the others.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityName, standardTags, type IssuedCredential, type SectionOptions } from "../leaf";
import { awsPolicyDocument } from "../permissions/aws";
import type { Role } from "../permissions/roles";
import type { AwsRemoteConfig } from "../config/aws";
import { noReadSectionOptions, roleRcloneFlags } from "../rclone/role-options";
import { UserError } from "../user-error";

export interface AwsCredentialArgs {
    readonly environment: string;
    readonly credential: string;
    readonly host: string;
    readonly role: Role;
    readonly prefix: string;
    readonly remote: AwsRemoteConfig;
}

/** IAM user names allow 64 characters of [\w+=,.@-]. */
export function iamUserName(environment: string, credential: string, host: string): string {
    const name = identityName(environment, credential, host);
    if (name.length > 64) {
        throw new UserError(`IAM user name "${name}" is longer than 64 characters; shorten credential "${credential}" or host "${host}"`);
    }
    return name;
}

export class AwsBackupCredential extends pulumi.ComponentResource implements IssuedCredential {
    readonly sectionOptions: SectionOptions;
    readonly rcloneFlags: readonly string[];
    readonly accessKeyId: pulumi.Output<string>;
    /** Secret from birth: wrapped before anything else can read it. */
    readonly secretAccessKey: pulumi.Output<string>;

    constructor(name: string, args: AwsCredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup-remotes:aws:Credential", name, {}, opts);
        const child = { parent: this };
        const tags = standardTags(args.environment, {
            "backup-remotes:credential": args.credential,
            "backup-remotes:host": args.host,
            "backup-remotes:role": args.role,
            "backup-remotes:bucket": args.remote.bucket,
            "backup-remotes:prefix": args.prefix,
        });
        const user = new aws.iam.User(name, {
            name: iamUserName(args.environment, args.credential, args.host),
            path: `/backup/${args.environment}/`,
            tags,
        }, child);
        new aws.iam.UserPolicy(`${name}-policy`, {
            user: user.name,
            name: `backup-${args.role}`,
            policy: JSON.stringify(awsPolicyDocument(args.role, args.remote.bucket, args.prefix)),
        }, child);
        // The SDK itself marks `secret` as an additional secret output.
        const key = new aws.iam.AccessKey(`${name}-key`, { user: user.name }, child);
        this.accessKeyId = key.id;
        this.secretAccessKey = pulumi.secret(key.secret);
        this.sectionOptions = awsSectionOptions(args.role, args.remote, this.accessKeyId, this.secretAccessKey);
        this.rcloneFlags = roleRcloneFlags(args.role);
        this.registerOutputs({ userName: user.name, accessKeyId: key.id });
    }
}

/**
 * The rclone options for an AWS section. `no_check_bucket` because no key may
 * create buckets; a copy key cannot HEAD (no s3:GetObject), so rclone must not
 * try (`no_head`, `no_head_object`) and must compare by checksum.
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
