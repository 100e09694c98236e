/**
 * The Pulumi program: read and validate the stack's config, run the deployer
 * guards, then build the environment. Nothing is registered before the config
 * is valid and the deployer's credentials are acceptable.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, parseEnvironmentConfig, type EnvironmentSpec } from "./config/schema";
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

/** The namespace's config values, objects decoded from the JSON Pulumi stores them as. */
export function readNamespaceConfig(all: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        raw[key.slice(CONFIG_NAMESPACE.length + 1)] = decode(value);
    }
    return raw;
}

function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value; // a plain string value
    }
}

export function readEnvironmentSpec(registry: ProviderRegistry = PROVIDERS): EnvironmentSpec {
    const stack = pulumi.getStack();
    const parsed = parseEnvironmentConfig(stack, readNamespaceConfig(pulumi.runtime.allConfig()), registry);
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
export async function deployEnvironment(registry: ProviderRegistry = PROVIDERS): Promise<BackupEnvironment> {
    const spec = readEnvironmentSpec(registry);
    await runDeployerGuards(spec);
    return new BackupEnvironment(spec.environment, spec);
}

/** The program `index.ts` exports: its result becomes the stack outputs. */
export async function backupRemotes(): Promise<EnvironmentOutputs> {
    return (await deployEnvironment()).outputs;
}
