/** R2 pieces for test configs; the stack config itself comes from test/support/config.ts. */
import type { StackConfig } from "../../cli/plan/stack-config";
import { stackConfig as supportStackConfig } from "../support/config";

export const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

/** What Pulumi.<stack>.yaml's `cloudflare:apiToken: {secure: ...}` becomes offline. */
export const SCOPED_TOKEN = { "cloudflare:apiToken": "[secure value not decrypted offline]" };

export function r2Remote(bucket: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { provider: "r2", accountId: ACCOUNT_ID, bucket, ...extra };
}

export function cred(role: string, remote: string, prefix: string, hosts: string[]): Record<string, unknown> {
    return { role, remote, prefix, hosts };
}

/** A stack config with a scoped Cloudflare token unless `cloudflare` says otherwise. */
export function stackConfig(
    stack: string,
    remotes: Record<string, unknown>,
    credentials: Record<string, unknown>,
    cloudflare: Record<string, string> = SCOPED_TOKEN,
): StackConfig {
    // Every stack but prod opts into the test tier, as the staging example does.
    return supportStackConfig({ environment: stack, ...(stack === "prod" ? {} : { tier: "test" }), remotes, credentials }, cloudflare);
}
