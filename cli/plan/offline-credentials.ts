/**
 * Deployer credentials the offline plan stands in for (each profile's
 * `mocks.deployerConfig`), added as secrets only where the stack file has
 * none: the guards still see and refuse what the file does set, such as
 * Cloudflare's global API key.
 */
import type { ProviderProfile } from "../../components/providers/profile";
import { PROGRAM_PROVIDERS } from "../../components/providers/program-registry";
import type { ProviderRegistry } from "../../components/providers/registry";
import type { StackConfig } from "./stack-config";

export function withOfflineDeployerCredentials(config: StackConfig, registry: ProviderRegistry<ProviderProfile> = PROGRAM_PROVIDERS): StackConfig {
    const values = { ...config.values };
    const secretKeys = [...config.secretKeys];
    for (const profile of registry.profiles) {
        for (const [key, standIn] of Object.entries(profile.mocks.deployerConfig ?? {})) {
            if (values[key] !== undefined) continue;
            values[key] = standIn;
            secretKeys.push(key);
        }
    }
    return { values, secretKeys };
}
