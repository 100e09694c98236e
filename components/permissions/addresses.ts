/**
 * Where each key of a credential works from, as the permissions output
 * publishes it: per host, the ranges its key really carries (the host's
 * hostAddresses; on R2 also the remote's tokens.allowedIps) and how the
 * provider enforces them. A provider that cannot (B2) lists what the config
 * asked for without `enforcedBy`, and effective.ts names the deviation.
 * Generic: the profile says what its keys carry.
 */
import type { CredentialAddresses } from "../outputs";
import type { ProviderFacts, RemoteConfigBase } from "../providers/profile";

/** The ranges one host's key is accepted from; undefined: any address. */
export function keyAddresses<C extends RemoteConfigBase>(
    profile: ProviderFacts<C>,
    config: C,
    hostAddresses: readonly string[] | undefined,
): readonly string[] | undefined {
    if (profile.keyAddresses) return profile.keyAddresses(config, hostAddresses);
    return profile.access.addressLimit !== undefined ? hostAddresses : undefined;
}

/** Undefined when no key of the credential is limited and no host asked to be: the output stays what it was. */
export function credentialAddresses<C extends RemoteConfigBase>(
    profile: ProviderFacts<C>,
    config: C,
    hosts: readonly string[],
    hostAddresses: ReadonlyMap<string, readonly string[]>,
): CredentialAddresses | undefined {
    const enforced = profile.access.addressLimit;
    const entries = hosts.flatMap((host) => {
        const cidrs = enforced !== undefined ? keyAddresses(profile, config, hostAddresses.get(host)) : hostAddresses.get(host);
        return cidrs === undefined ? [] : [{ host, cidrs: [...cidrs] }];
    });
    if (entries.length === 0) return undefined;
    return { ...(enforced !== undefined ? { enforcedBy: enforced } : {}), hosts: entries };
}
