/**
 * One AWS credential for one host: an IAM user under /backup/<env>/ with an
 * inline policy from the permission model, capped by the environment's
 * permissions boundary (boundary.ts), and one access key. One user per
 * host, so a single host can be revoked without touching the others.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityName } from "../../naming";
import { standardTags, TAG } from "../../tags";
import { componentType, type CredentialArgs, type IssuedCredential, type SectionOptions } from "../profile";
import { awsUserPolicy } from "./user-policy";
import { roleRcloneFlags } from "../../rclone/role-options";
import { awsSectionOptions } from "./rclone";
import { AWS, type AwsRemoteConfig } from "./schema";
import { UserError } from "../../user-error";
import { iamUserNameProblem, iamUserPath } from "./user-name";

export function iamUserName(environment: string, credential: string, host: string, generation = 1): string {
    const problem = iamUserNameProblem({ environment, credential, host, generation });
    if (problem) throw new UserError(problem);
    return identityName(environment, credential, host, generation);
}

export interface AwsCredentialArgs extends CredentialArgs {
    readonly remote: AwsRemoteConfig;
    /** ARN of the environment's permissions boundary (boundary.ts): caps whatever the user's policies allow. */
    readonly boundary?: pulumi.Input<string>;
}

export class AwsBackupCredential extends pulumi.ComponentResource implements IssuedCredential {
    readonly sectionOptions: SectionOptions;
    readonly rcloneFlags: readonly string[];
    readonly accessKeyId: pulumi.Output<string>;
    /** Secret from birth: wrapped before anything else can read it. */
    readonly secretAccessKey: pulumi.Output<string>;

    constructor(name: string, args: AwsCredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType(AWS, "Credential"), name, {}, opts);
        const child = { parent: this };
        const tags = standardTags(args.environment, {
            [TAG.credential]: args.credential,
            [TAG.host]: args.host,
            [TAG.role]: args.role,
            [TAG.bucket]: args.remote.bucket,
            [TAG.prefix]: args.prefix,
        });
        const user = new aws.iam.User(
            name,
            {
                name: iamUserName(args.environment, args.credential, args.host, args.generation),
                path: iamUserPath(args.environment),
                ...(args.boundary ? { permissionsBoundary: args.boundary } : {}),
                tags,
            },
            child,
        );
        new aws.iam.UserPolicy(
            `${name}-policy`,
            {
                user: user.name,
                name: `backup-${args.role}`,
                policy: awsUserPolicy(args.role, args.remote, args.prefix, args.expiry?.expiresOn, args.addresses),
            },
            child,
        );
        // The SDK itself marks `secret` as an additional secret output.
        const key = new aws.iam.AccessKey(`${name}-key`, { user: user.name }, child);
        this.accessKeyId = key.id;
        this.secretAccessKey = pulumi.secret(key.secret);
        this.sectionOptions = awsSectionOptions(args.role, args.remote, this.accessKeyId, this.secretAccessKey);
        this.rcloneFlags = roleRcloneFlags(args.role);
        this.registerOutputs({ userName: user.name, accessKeyId: key.id });
    }
}
