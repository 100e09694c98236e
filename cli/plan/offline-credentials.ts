/**
 * Deployer credentials the offline plan stands in for. A real deploy needs
 * them (the program's guards refuse to run without a scoped Cloudflare token);
 * a plan creates nothing, so the stack file need not hold them. A stand-in is
 * added only where the file has none: the guards still see and refuse what
 * the file does set, such as Cloudflare's global API key.
 */
import { TOKEN_CONFIG as CLOUDFLARE_TOKEN_CONFIG } from "../../components/r2/guard";
import type { StackConfig } from "./stack-config";

/** Obviously not a token; a secret config value, so it is never printed. */
export const OFFLINE_TOKEN_STAND_IN = "[offline plan: no Cloudflare API token needed]";

export function withOfflineDeployerCredentials(config: StackConfig): StackConfig {
    if (config.values[CLOUDFLARE_TOKEN_CONFIG] !== undefined) return config;
    return {
        values: { ...config.values, [CLOUDFLARE_TOKEN_CONFIG]: OFFLINE_TOKEN_STAND_IN },
        secretKeys: [...config.secretKeys, CLOUDFLARE_TOKEN_CONFIG],
    };
}
