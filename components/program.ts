/**
 * The Pulumi program: read and validate the stack's config, run the deployer
 * guards, then build the environment. Nothing is registered before the config
 * is valid and the deployer's credentials are acceptable.
 */
import * as pulumi from "@pulumi/pulumi";
import { assertAwsDeployerIsNotRoot } from "./aws/guard";
import { assertB2DeployerIsNotMasterKey } from "./b2/guard";
import { CONFIG_NAMESPACE, parseEnvironmentConfig, type EnvironmentSpec } from "./config/schema";
import { BackupEnvironment } from "./environment";
import { assertCloudflareDeployerUsesScopedToken } from "./r2/guard";
import type { HostsOutput, PermissionEntry, RemoteSummary } from "./outputs";

export interface StackOutputs {
    readonly rcloneConfig: pulumi.Output<string>;
    readonly hosts: pulumi.Output<HostsOutput>;
    readonly remotes: readonly RemoteSummary[];
    readonly permissions: readonly PermissionEntry[];
    readonly sealedHosts?: pulumi.Output<Readonly<Record<string, string>>>;
}

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

export function readEnvironmentSpec(): EnvironmentSpec {
    const stack = pulumi.getStack();
    const parsed = parseEnvironmentConfig(stack, readNamespaceConfig(pulumi.runtime.allConfig()));
    if (!parsed.ok) throw new ConfigError(stack, parsed.errors);
    return parsed.spec;
}

/** Refuse deployer credentials that must never run automation, before any resource exists. */
export async function runDeployerGuards(spec: EnvironmentSpec): Promise<void> {
    const providers = new Set(spec.remotes.map((r) => r.config.provider));
    if (providers.has("aws")) await assertAwsDeployerIsNotRoot();
    if (providers.has("b2")) assertB2DeployerIsNotMasterKey();
    if (providers.has("r2")) assertCloudflareDeployerUsesScopedToken(pulumi.runtime.allConfig(), process.env);
}

/** Validate, guard, then register the environment's resources. */
export async function deployEnvironment(): Promise<BackupEnvironment> {
    const spec = readEnvironmentSpec();
    await runDeployerGuards(spec);
    return new BackupEnvironment(spec.environment, spec);
}

/** The program `index.ts` exports: its result becomes the stack outputs. */
export async function backupRemotes(): Promise<StackOutputs> {
    return (await deployEnvironment()).outputs;
}
