/**
 * The deploy credential, generically: which part of a stack a provider's
 * deploy credential is for, and the command that prints what it needs. What
 * each provider needs is in its own profile (`<provider>/deployer.ts`).
 */
import type { DeployerEnvironment, ProviderFacts, RemoteConfigBase } from "./profile";

/** The command that prints every provider's deploy-credential needs for `stack`; refusals point here. */
export function deployerPolicyCommand(stack: string): string {
    return `npm run deployer-policy -- --stack ${stack}`;
}

/** The parts of a validated environment the deployer needs (structurally an EnvironmentSpec). */
export interface DeployerSpec {
    readonly environment: string;
    readonly protectBuckets: boolean;
    readonly remotes: readonly { readonly name: string; readonly profile: ProviderFacts; readonly config: RemoteConfigBase }[];
    readonly credentials: readonly { readonly remote: { readonly name: string }; readonly hosts: readonly string[] }[];
}

/** `profile`'s remotes of the stack, each with the number of identities (credential × host) issued on it. */
export function deployerEnvironment(
    stack: string,
    spec: DeployerSpec,
    profile: ProviderFacts,
    options: Readonly<Record<string, string | undefined>> = {},
): DeployerEnvironment {
    const remotes = spec.remotes
        .filter((r) => r.profile.name === profile.name)
        .map((r) => ({
            name: r.name,
            config: r.config,
            identities: spec.credentials.filter((c) => c.remote.name === r.name).reduce((n, c) => n + c.hosts.length, 0),
        }));
    return { stack, environment: spec.environment, protectBuckets: spec.protectBuckets, remotes, options };
}

/** Sorted, without duplicates: policies and capability lists diff cleanly. */
export function sortedUnique(values: Iterable<string>): string[] {
    return [...new Set(values)].sort();
}
