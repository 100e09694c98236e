/** Stack configs for the R2 tests, in the form the Pulumi CLI hands to the program. */
import type { StackConfig } from "../../cli/plan/stack-config";

export const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

export function r2Remote(bucket: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { provider: "r2", accountId: ACCOUNT_ID, bucket, ...extra };
}

export function cred(role: string, remote: string, prefix: string, hosts: string[]): Record<string, unknown> {
    return { role, remote, prefix, hosts };
}

/** A config as `Pulumi.<stack>.yaml` would give it, with a scoped token set unless `cloudflare` says otherwise. */
export function stackConfig(
    stack: string,
    remotes: Record<string, unknown>,
    credentials: Record<string, unknown>,
    cloudflare: Record<string, string> = { "cloudflare:apiToken": "[secure value not decrypted offline]" },
): StackConfig {
    return {
        values: {
            ...cloudflare,
            "backup-remotes:environment": stack,
            "backup-remotes:remotes": JSON.stringify(remotes),
            "backup-remotes:credentials": JSON.stringify(credentials),
        },
        secretKeys: Object.keys(cloudflare).filter((k) => k === "cloudflare:apiToken"),
    };
}
