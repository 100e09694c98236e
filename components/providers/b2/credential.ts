/**
 * One B2 credential for one host: an application key restricted to the
 * remote's bucket (`bucketId`, or `bucketIds` with keyApi "v4") and the
 * credential's prefix (`namePrefix`),
 * with the capabilities the permission model gives the role. One key per
 * host, so a single host can be revoked without touching the others.
 */
import * as b2 from "@pulumi/b2";
import * as pulumi from "@pulumi/pulumi";
import { identityName } from "../../naming";
import { roleRcloneFlags } from "../../rclone/role-options";
import { componentType, type CredentialArgs, type IssuedCredential, type SectionOptions } from "../profile";
import { b2Capabilities } from "./access";
import { b2SectionOptions } from "./rclone";
import { B2, type B2RemoteConfig } from "./schema";
import { UserError } from "../../user-error";

export interface B2CredentialArgs extends CredentialArgs {
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
        super(componentType(B2, "Credential"), name, {}, opts);
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
