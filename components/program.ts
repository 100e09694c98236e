/**
 * The Pulumi program: read and validate the stack's config, run the deployer
 * guards, then build the environment. Nothing is registered before the config
 * is valid and the deployer's credentials are acceptable.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Clock } from "./config/key-dates";
import { readNamespaceConfig } from "./config/namespace";
import { parseNamespacedConfig, type EnvironmentSpec } from "./config/schema";
import { BackupEnvironment, type EnvironmentOutputs } from "./environment";
import { deployerEnvironment } from "./providers/deployer";
import { PROVIDERS, type ProviderRegistry } from "./providers/registry";

/** Config errors end the run cleanly (no stack trace), listing every problem. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly stackName: string, readonly problems: readonly string[]) {
        super(`invalid configuration for stack "${stackName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((p) => `  - ${p}`).join("\n"));
    }
}

export { readNamespaceConfig };

/** The stack's validated config; key dates are judged at `now` (the real time unless a test says otherwise). */
export function readEnvironmentSpec(registry: ProviderRegistry = PROVIDERS, now?: Clock): EnvironmentSpec {
    const stack = pulumi.getStack();
    const parsed = parseNamespacedConfig(stack, pulumi.runtime.allConfig(), registry, now ? { now } : {});
    if (!parsed.ok) throw new ConfigError(stack, parsed.errors);
    return parsed.spec;
}

/** Refuse deployer credentials that must never run automation, before any resource exists: once per provider used. */
export async function runDeployerGuards(spec: EnvironmentSpec): Promise<void> {
    const used = [...new Set(spec.remotes.map((r) => r.profile))];
    const stack = pulumi.getStack();
    for (const profile of used) {
        await profile.guardDeployer({ config: pulumi.runtime.allConfig(), env: process.env, deployment: deployerEnvironment(stack, spec, profile) });
    }
}

/** Validate, guard, then register the environment's resources. */
export async function deployEnvironment(registry: ProviderRegistry = PROVIDERS, now?: Clock): Promise<BackupEnvironment> {
    const spec = readEnvironmentSpec(registry, now);
    await runDeployerGuards(spec);
    return new BackupEnvironment(spec.environment, spec);
}

/** The program `index.ts` exports: its result becomes the stack outputs. */
export async function backupRemotes(): Promise<EnvironmentOutputs> {
    return (await deployEnvironment()).outputs;
}
