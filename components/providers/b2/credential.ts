/**
 * One B2 credential for one host: an application key restricted to the
 * remote's bucket (`bucketId`, or `bucketIds` with keyApi "v4") and the
 * credential's prefix (`namePrefix`),
 * with the capabilities the permission model gives the role. One key per
 * host, so a single host can be revoked without touching the others.
 */
import * as b2 from "@pulumi/b2";
import * as pulumi from "@pulumi/pulumi";
import { roleRcloneFlags } from "../../rclone/role-options";
import { componentType, type CredentialArgs, type IssuedCredential, type SectionOptions } from "../profile";
import { b2Capabilities } from "./access";
import { B2_FIXED_AT_CREATION, DAY_SECONDS } from "./expiry";
import { b2SectionOptions } from "./rclone";
import { B2, type B2RemoteConfig } from "./schema";
import { UserError } from "../../user-error";
import { b2KeyNameProblem, keyName } from "./key-name";

export interface B2CredentialArgs extends CredentialArgs {
    readonly remote: B2RemoteConfig;
    /** ID of the remote's bucket, the only bucket the key may reach. */
    readonly bucketId: pulumi.Input<string>;
}

export function b2KeyName(environment: string, credential: string, host: string, generation = 1): string {
    const problem = b2KeyNameProblem({ environment, credential, host, generation });
    if (problem) throw new UserError(problem);
    return keyName({ environment, credential, host, generation });
}

/** The key's lifetime in seconds: from maxKeyAgeDays when it expires by rotation, else the remote's keyLifetimeDays. */
export function b2ValidDurationSeconds(args: Pick<B2CredentialArgs, "expiry" | "remote">): number | undefined {
    if (args.expiry !== undefined) return args.expiry.lifetimeDays * DAY_SECONDS;
    return args.remote.keyLifetimeDays !== undefined ? args.remote.keyLifetimeDays * DAY_SECONDS : undefined;
}

export class B2BackupCredential extends pulumi.ComponentResource implements IssuedCredential {
    readonly sectionOptions: SectionOptions;
    readonly rcloneFlags: readonly string[];
    readonly applicationKeyId: pulumi.Output<string>;
    /** Secret from birth: wrapped before anything else can read it. */
    readonly applicationKey: pulumi.Output<string>;

    constructor(name: string, args: B2CredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType(B2, "Credential"), name, {}, opts);
        const key = new b2.ApplicationKey(
            name,
            {
                keyName: b2KeyName(args.environment, args.credential, args.host, args.generation),
                capabilities: b2Capabilities(args.role),
                // bucketIds, even with one id, makes a v4 key that rclone < 1.73 cannot authenticate with; see B2RemoteConfig.keyApi.
                ...(args.remote.keyApi === "v4" ? { bucketIds: [args.bucketId] } : { bucketId: args.bucketId }),
                // B2 compares file names to the prefix as plain strings; "" means the whole bucket.
                namePrefix: args.prefix || undefined,
                validDurationInSeconds: b2ValidDurationSeconds(args),
                // The SDK class itself asks the engine to keep applicationKey secret. A rotation-managed key keeps the
                // lifetime it was created with: changing it would replace the live key (see expiry.ts).
            },
            { parent: this, ...(args.expiry !== undefined ? { ignoreChanges: B2_FIXED_AT_CREATION } : {}) },
        );
        this.applicationKeyId = key.applicationKeyId;
        this.applicationKey = pulumi.secret(key.applicationKey);
        this.sectionOptions = b2SectionOptions(args.role, args.remote, this.applicationKeyId, this.applicationKey);
        // Compare by the SHA-1 B2 lists, so a copy key never needs to read (or server-side copy) to fix a modtime.
        this.rcloneFlags = roleRcloneFlags(args.role);
        this.registerOutputs({ applicationKeyId: key.applicationKeyId });
    }
}
