/**
 * The Cloudflare deploy token of a stack: the API-token permission groups
 * the Cloudflare provider's calls need, per account the stack's R2 buckets
 * live in.
 *
 * Calls (@pulumi/cloudflare 6 bridges terraform-provider-cloudflare 5, whose
 * resources call the REST API through cloudflare-go): R2Bucket →
 * /accounts/{id}/r2/buckets[/{name}] (create, get, patch, delete);
 * R2BucketLifecycle → PUT/GET …/r2/buckets/{name}/lifecycle; R2BucketLock →
 * PUT/GET …/r2/buckets/{name}/lock; AccountToken → /accounts/{id}/tokens[/{id}];
 * getAccountApiTokenPermissionGroupsList → GET /accounts/{id}/tokens/permission_groups.
 *
 * Groups per call: R2's "Admin Read & Write" (API name "Workers R2 Storage
 * Write", account scope) creates, lists and deletes buckets and edits their
 * configuration; only the object groups ("… Bucket Item Read/Write") can be
 * scoped to buckets (developers.cloudflare.com/r2/api/tokens/). Account-owned
 * tokens are created, changed and deleted with "Account API Tokens Write",
 * which Cloudflare's API schema also accepts for listing permission groups
 * (x-api-token-group of GET /accounts/{account_id}/tokens/permission_groups:
 * "Account API Tokens Write", "Account API Tokens Read").
 */
import { deployerPolicyCommand } from "../deployer";
import type { DeployerEnvironment, DeployerPolicy, DeployerProfile, DeployerRemote } from "../profile";
import { ACCOUNT_SCOPE, ACCOUNT_TOKENS_WRITE, R2_ACCOUNT_WRITE } from "./access";
import type { R2RemoteConfig } from "./schema";

export interface R2DeployerGroup {
    readonly name: string;
    readonly scope: string;
    /** Needed by every stack, or only by those that issue tokens. */
    readonly when: "always" | "tokens";
    readonly why: string;
}

export const R2_DEPLOYER_GROUPS: readonly R2DeployerGroup[] = [
    { name: R2_ACCOUNT_WRITE, scope: ACCOUNT_SCOPE, when: "always", why: "R2 buckets, their lifecycle and lock rules (create, read, update, delete)" },
    { name: ACCOUNT_TOKENS_WRITE, scope: ACCOUNT_SCOPE, when: "tokens", why: "the per-host account-owned tokens, and the permission-group lookup" },
];

/** Resource key of a whole account in a token policy. */
export function cloudflareAccountResourceKey(accountId: string): string {
    return `${ACCOUNT_SCOPE}.${accountId}`;
}

export interface R2DeployerAccount {
    readonly accountId: string;
    readonly buckets: readonly string[];
    readonly groups: readonly R2DeployerGroup[];
}

/** The stack's R2 remotes grouped by account, each with the groups its token needs there. */
export function r2DeployerAccounts(deployment: DeployerEnvironment<R2RemoteConfig>): R2DeployerAccount[] {
    const byAccount = new Map<string, DeployerRemote<R2RemoteConfig>[]>();
    for (const r of deployment.remotes) byAccount.set(r.config.accountId, [...(byAccount.get(r.config.accountId) ?? []), r]);
    return [...byAccount.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([accountId, remotes]) => {
            const tokens = remotes.some((r) => r.identities > 0);
            return {
                accountId,
                buckets: remotes.map((r) => r.config.bucket),
                groups: R2_DEPLOYER_GROUPS.filter((g) => g.when === "always" || tokens),
            };
        });
}

function accountLines(a: R2DeployerAccount, stack: string): string[] {
    const width = Math.max(...a.groups.map((g) => g.name.length));
    return [
        `Account ${a.accountId} (buckets: ${a.buckets.join(", ")}): an account-owned API token with one policy,`,
        `effect allow, resource ${cloudflareAccountResourceKey(a.accountId)}, permission groups:`,
        "",
        ...a.groups.map((g) => `  ${g.name.padEnd(width)}  (${g.scope})  ${g.why}`),
        "",
        `  pulumi config set --secret --stack ${stack} cloudflare:apiToken <token>`,
    ];
}

const LIMITS = [
    "Account-scoped only: the only R2 groups that can be scoped to buckets are the object groups " +
        '("Workers R2 Storage Bucket Item Read/Write"), which cannot create buckets or change their lifecycle and lock rules; ' +
        "this token reaches every bucket of the account.",
    `"${ACCOUNT_TOKENS_WRITE}" can create a token with any permission group of the account, wider than itself: ` +
        "treat the deploy token as account admin. Only a separate Cloudflare account per environment bounds it.",
    "Give the deploy token an expiry (expires_on) and limit it to your deploy runners' addresses (condition request_ip); " +
        "account-owned tokens are created by a Super Administrator and keep working when people leave.",
    "Never the global API key: the program refuses cloudflare:apiKey / CLOUDFLARE_API_KEY.",
];

export function r2DeployerPolicy(deployment: DeployerEnvironment<R2RemoteConfig>): DeployerPolicy {
    const accounts = r2DeployerAccounts(deployment);
    return {
        document: {
            accounts: accounts.map((a) => ({
                accountId: a.accountId,
                buckets: a.buckets,
                policies: [
                    {
                        effect: "allow",
                        permissionGroups: a.groups.map((g) => ({ name: g.name, scope: g.scope })),
                        resources: { [cloudflareAccountResourceKey(a.accountId)]: "*" },
                    },
                ],
            })),
        },
        text: accounts.flatMap((a) => accountLines(a, deployment.stack)),
        limits: LIMITS,
    };
}

export const R2_DEPLOYER: DeployerProfile<R2RemoteConfig> = {
    options: [],
    policy: r2DeployerPolicy,
};

/** The refusal's pointer: which token to use instead. */
export function r2DeployerHint(deployment: DeployerEnvironment<R2RemoteConfig>): string {
    const groups = [...new Set(r2DeployerAccounts(deployment).flatMap((a) => a.groups.map((g) => `"${g.name}"`)))];
    return `a scoped API token with ${groups.join(" and ")} on the account (\`${deployerPolicyCommand(deployment.stack)}\` prints them)`;
}
