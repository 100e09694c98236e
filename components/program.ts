/**
 * The Pulumi program: read and validate the stack's config, run the deployer
 * guards, then build the environment. Nothing is registered before the config
 * is valid and the deployer's credentials are acceptable.
 */
import * as pulumi from "@pulumi/pulumi";
import { invalidConfigMessage } from "./config/invalid-config";
import type { Clock } from "./config/key-dates";
import { readNamespaceConfig } from "./config/namespace";
import { parseNamespacedConfig, type EnvironmentSpec } from "./config/schema";
import { BackupEnvironment, type EnvironmentOutputs } from "./environment";
import { deployerEnvironment } from "./providers/deployer";
import type { ProviderProfile } from "./providers/profile";
import { PROGRAM_PROVIDERS } from "./providers/program-registry";
import type { ProviderRegistry } from "./providers/registry";

/** Config errors end the run cleanly (no stack trace), listing every problem. */
export class ConfigError extends pulumi.RunError {
    constructor(
        readonly stackName: string,
        readonly problems: readonly string[],
    ) {
        super(invalidConfigMessage(stackName, problems));
    }
}

export { readNamespaceConfig };

/** The stack's validated config; key dates are judged at `now` (the real time unless a test says otherwise). */
export function readEnvironmentSpec(registry: ProviderRegistry = PROGRAM_PROVIDERS, now?: Clock): EnvironmentSpec {
    const stack = pulumi.getStack();
    const parsed = parseNamespacedConfig(stack, pulumi.runtime.allConfig(), registry, now ? { now } : {});
    if (!parsed.ok) throw new ConfigError(stack, parsed.errors);
    return parsed.spec;
}

/** Refuse deployer credentials that must never run automation, before any resource exists: once per provider used. */
export async function runDeployerGuards(spec: EnvironmentSpec, registry: ProviderRegistry<ProviderProfile> = PROGRAM_PROVIDERS): Promise<void> {
    const used = [...new Set(spec.remotes.map((r) => r.profile))];
    const stack = pulumi.getStack();
    for (const profile of used) {
        await registry
            .get(profile.name)
            .guardDeployer({ config: pulumi.runtime.allConfig(), env: process.env, deployment: deployerEnvironment(stack, spec, profile) });
    }
}

/** Validate, guard, then register the environment's resources. */
export async function deployEnvironment(registry: ProviderRegistry<ProviderProfile> = PROGRAM_PROVIDERS, now?: Clock): Promise<BackupEnvironment> {
    const spec = readEnvironmentSpec(registry, now);
    await runDeployerGuards(spec, registry);
    return new BackupEnvironment(spec.environment, spec, undefined, registry);
}

/** The program `index.ts` exports: its result becomes the stack outputs. */
export async function backupRemotes(): Promise<EnvironmentOutputs> {
    return (await deployEnvironment()).outputs;
}
