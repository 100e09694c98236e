/**
 * Refuse to deploy R2 with Cloudflare's global API key. The global key (with
 * its email) is as good as the whole user on every account; the deploy must
 * use a scoped API token. The provider reads `cloudflare:apiKey`/`email`
 * config and falls back to CLOUDFLARE_API_KEY / CLOUDFLARE_EMAIL, so both
 * places are checked. Values are never echoed, only the key names.
 */
import { UserError } from "../../user-error";
import { deployerPolicyCommand } from "../deployer";

/** Config keys and environment variables that carry the global key (or pair with it). */
const GLOBAL_KEY_CONFIG = ["cloudflare:apiKey", "cloudflare:email"] as const;
const GLOBAL_KEY_ENV = ["CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"] as const;
/** Where the deployer's scoped token is configured (the offline plan stands in for it there). */
export const TOKEN_CONFIG = "cloudflare:apiToken";
const TOKEN_ENV = "CLOUDFLARE_API_TOKEN";

const isSet = (v: string | undefined) => v !== undefined && v !== "";

/** `token` describes the token to use instead (from the stack's needs, when known). */
export function assertCloudflareDeployerUsesScopedToken(
    config: Readonly<Record<string, string>>,
    env: Readonly<Record<string, string | undefined>>,
    token = `a scoped API token with the permissions \`${deployerPolicyCommand("<stack>")}\` prints`,
): void {
    const found = [
        ...GLOBAL_KEY_CONFIG.filter((k) => isSet(config[k])).map((k) => `config ${k}`),
        ...GLOBAL_KEY_ENV.filter((k) => isSet(env[k])).map((k) => `environment variable ${k}`),
    ];
    if (found.length > 0) {
        throw new UserError(
            `refusing to deploy R2 with the Cloudflare global API key (${found.join(", ")} is set): the global key can do ` +
                "anything the user can, on every account. Remove it and set a scoped API token instead: " +
                `\`pulumi config set --secret ${TOKEN_CONFIG} <token>\` (or ${TOKEN_ENV}), ${token}.`,
        );
    }
    if (!isSet(config[TOKEN_CONFIG]) && !isSet(env[TOKEN_ENV])) {
        throw new UserError(
            `no Cloudflare API token for the R2 remotes: set \`pulumi config set --secret ${TOKEN_CONFIG} <token>\` ` + `(or ${TOKEN_ENV}) to ${token}.`,
        );
    }
}
