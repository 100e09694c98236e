/**
 * What deploying a stack needs from each provider's deploy credential: the
 * stack's config read and validated exactly as the offline plan reads it,
 * then every registered provider the stack uses asked for its needs.
 */
import { parseNamespacedConfig, type EnvironmentSpec } from "../../components/config/schema";
import { invalidConfigMessage } from "../../components/config/invalid-config";
import { deployerEnvironment, deployerPolicyCommand } from "../../components/providers/deployer";
import { PROVIDERS, type ProviderRegistry } from "../../components/providers/registry";
import { CliError, UsageError } from "../shared/cli-error";
import { readStackConfig } from "../plan/stack-config";

/** The stack's config is not valid (YAML, keys, values): the user's to fix; exit 1. */
export class InvalidInput extends CliError {}

export interface ProviderNeeds {
    readonly provider: string;
    readonly title: string;
    readonly document: Readonly<Record<string, unknown>>;
    readonly text: readonly string[];
    readonly limits: readonly string[];
}

export interface DeployerReport {
    readonly stack: string;
    readonly environment: string;
    readonly protectBuckets: boolean;
    readonly providers: readonly ProviderNeeds[];
}

/** The validated environment of `stack` in `projectDir`, or every problem at once. */
export function loadEnvironment(projectDir: string, stack: string, registry: ProviderRegistry = PROVIDERS): EnvironmentSpec {
    let values: Record<string, string>;
    try {
        values = readStackConfig(projectDir, stack).values;
    } catch (e) {
        // An unknown --stack (or an unlistable --cwd) stays a usage error: exit 2.
        if (e instanceof UsageError) throw e;
        throw new InvalidInput((e as Error).message);
    }
    const parsed = parseNamespacedConfig(stack, values, registry);
    if (!parsed.ok) throw new InvalidInput(invalidConfigMessage(stack, parsed.errors));
    return parsed.spec;
}

/** Every provider the stack uses, in registry order, with what its deploy credential needs. */
export function deployerReport(
    stack: string,
    spec: EnvironmentSpec,
    options: Readonly<Record<string, string | undefined>> = {},
    registry: ProviderRegistry = PROVIDERS,
): DeployerReport {
    const used = registry.profiles.filter((p) => spec.remotes.some((r) => r.profile === p));
    const providers = used.map((profile) => {
        const needs = profile.deployer.policy(deployerEnvironment(stack, spec, profile, options));
        return { provider: profile.name, title: profile.title, ...needs };
    });
    return { stack, environment: spec.environment, protectBuckets: spec.protectBuckets, providers };
}

/** For --json: the report without the human-only text. */
export function reportJson(report: DeployerReport): Record<string, unknown> {
    return {
        stack: report.stack,
        environment: report.environment,
        protectBuckets: report.protectBuckets,
        providers: report.providers.map((p) => ({ provider: p.provider, title: p.title, ...p.document, limits: p.limits })),
    };
}

export function renderText(report: DeployerReport): string {
    const lines = [
        `What deploying stack "${report.stack}" needs from each provider's deploy credential ` +
            `(${report.protectBuckets ? "buckets protected and retained" : "buckets not protected: a test stack"}).`,
        "Each credential runs `pulumi up`, `pulumi refresh` and `pulumi destroy` for this stack only; give every stack its own.",
    ];
    for (const p of report.providers) {
        lines.push("", p.title, "=".repeat(p.title.length), ...p.text);
        if (p.limits.length) lines.push("", "Why it is not narrower, and what to watch:", ...p.limits.map((l) => `  - ${l}`));
    }
    lines.push("", `Machine-readable: ${deployerPolicyCommand(report.stack)} --json`);
    return lines.join("\n") + "\n";
}
