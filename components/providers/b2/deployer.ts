/**
 * The B2 deploy key of a stack: the application-key capabilities the
 * Backblaze provider's calls need for this stack's buckets and keys.
 *
 * Calls read in Backblaze/terraform-provider-b2 v0.13.0,
 * python-bindings/b2_terraform/provider_tool.py (b2sdk 2.10): Bucket create →
 * b2_create_bucket, then b2_update_bucket for a default file-lock retention;
 * read → get_bucket_by_id (b2_list_buckets); update → b2_update_bucket;
 * delete → b2_delete_bucket. ApplicationKey create → b2_create_key, read →
 * b2_list_keys, delete → b2_delete_key. Capabilities per call: Backblaze's
 * "Application Key Capabilities" and the b2_* API reference.
 */
import { deployerPolicyCommand } from "../deployer";
import type { DeployerEnvironment, DeployerPolicy, DeployerProfile } from "../profile";
import type { B2RemoteConfig } from "./schema";

type When = "always" | "keys" | "file-lock" | "unprotected";

export interface B2DeployerCapability {
    readonly capability: string;
    /** Which stacks need it: every one, those that issue keys, those with a file-locked bucket, unprotected ones. */
    readonly when: When;
    readonly why: string;
}

export const B2_DEPLOYER_CAPABILITIES: readonly B2DeployerCapability[] = [
    { capability: "listBuckets", when: "always", why: "b2_list_buckets: every read of a bucket (get_bucket_by_id)" },
    { capability: "writeBuckets", when: "always", why: "b2_create_bucket and b2_update_bucket (type, info, lifecycle rules)" },
    // Every bucket is created with SSE-B2 default encryption, and the provider reads it back.
    { capability: "readBucketEncryption", when: "always", why: "reading the default encryption back (b2_list_buckets hides it otherwise)" },
    { capability: "writeBucketEncryption", when: "always", why: "setting SSE-B2 default encryption (b2_create_bucket, b2_update_bucket)" },
    // Without it b2_list_buckets answers fileLockConfiguration with isClientAuthorizedToRead=false, locked or not.
    { capability: "readBucketRetentions", when: "always", why: "reading whether file lock is on and its default retention" },
    { capability: "writeBucketRetentions", when: "file-lock", why: "fileLockEnabled on b2_create_bucket and the default retention (b2_update_bucket)" },
    { capability: "listKeys", when: "keys", why: "b2_list_keys: every read of an application key" },
    { capability: "writeKeys", when: "keys", why: "b2_create_key: one key per credential and host" },
    { capability: "deleteKeys", when: "keys", why: "b2_delete_key: a host or credential removed, a key replaced" },
    { capability: "deleteBuckets", when: "unprotected", why: "b2_delete_bucket when an unprotected (test) stack is destroyed" },
];

/** Capabilities a bucket-restricted key may not hold (b2_create_key, `bucketId`): the deploy key cannot be restricted. */
export const B2_ACCOUNT_ONLY_CAPABILITIES: readonly string[] = ["listKeys", "writeKeys", "deleteKeys", "writeBuckets", "deleteBuckets"];

function applies(when: When, deployment: DeployerEnvironment<B2RemoteConfig>): boolean {
    switch (when) {
        case "always":
            return true;
        case "keys":
            return deployment.remotes.some((r) => r.identities > 0);
        case "file-lock":
            return deployment.remotes.some((r) => r.config.objectLock !== undefined);
        case "unprotected":
            return !deployment.protectBuckets;
    }
}

/** The capabilities the stack's deploy key needs, in the table's order. */
export function b2DeployerCapabilities(deployment: DeployerEnvironment<B2RemoteConfig>): string[] {
    return B2_DEPLOYER_CAPABILITIES.filter((c) => applies(c.when, deployment)).map((c) => c.capability);
}

/** b2_create_key: key names are letters, digits and '-' (environment names are lowercase letters and digits). */
export function b2DeployKeyName(environment: string): string {
    return `backup-remotes-deploy-${environment}`;
}

export function b2KeyCreateCommand(deployment: DeployerEnvironment<B2RemoteConfig>): string {
    return `b2 key create ${b2DeployKeyName(deployment.environment)} ${b2DeployerCapabilities(deployment).join(",")}`;
}

function b2Limits(capabilities: readonly string[]): string[] {
    const accountOnly = capabilities.filter((c) => B2_ACCOUNT_ONLY_CAPABILITIES.includes(c));
    return [
        `Cannot be restricted to this stack's buckets: B2 refuses ${accountOnly.join(", ")} on a key restricted to a bucket ` +
            "(b2_create_key, bucketId), and creating the buckets needs a key that is not.",
        'writeKeys "grants full access to the Backblaze B2 account" (Backblaze, Application Key Capabilities): a key it creates ' +
            "may have any capability. Only a separate B2 account per environment (Backblaze Groups) bounds this key.",
        "Let it expire: add --duration <seconds> to `b2 key create` and replace it before then.",
    ];
}

export function b2DeployerPolicy(deployment: DeployerEnvironment<B2RemoteConfig>): DeployerPolicy {
    const capabilities = b2DeployerCapabilities(deployment);
    const buckets = deployment.remotes.map((r) => r.config.bucket);
    const stack = deployment.stack;
    return {
        document: {
            capabilities,
            keyName: b2DeployKeyName(deployment.environment),
            bucketRestricted: false,
            buckets,
            command: b2KeyCreateCommand(deployment),
        },
        text: [
            `Buckets: ${buckets.join(", ")}.`,
            `Application-key capabilities: ${capabilities.join(", ")}`,
            "Create the deploy key with the b2 command-line tool (authorized with a key that has writeKeys), then give it to the stack:",
            "",
            `  ${b2KeyCreateCommand(deployment)}`,
            `  pulumi config set --secret --stack ${stack} b2:applicationKeyId <applicationKeyId>`,
            `  pulumi config set --secret --stack ${stack} b2:applicationKey <applicationKey>`,
        ],
        limits: b2Limits(capabilities),
    };
}

export const B2_DEPLOYER: DeployerProfile<B2RemoteConfig> = {
    options: [],
    policy: b2DeployerPolicy,
};

/** The refusal's pointer: the key to create instead of the master key. */
export function b2DeployerHint(deployment: DeployerEnvironment<B2RemoteConfig>): string {
    return (
        `Create a dedicated deploy key (\`${deployerPolicyCommand(deployment.stack)}\` prints what it needs: ` +
        `\`${b2KeyCreateCommand(deployment)}\`) and set it as b2:applicationKeyId / b2:applicationKey (pulumi config set --secret).`
    );
}
