/** A credential's keys as the permissions output publishes them: generations, issue dates, expiry. */
import type { CredentialKeys, KeyGenerationEntry } from "../outputs";
import type { KeyExpiryMechanism } from "../providers/profile";
import { generationsOf, isListed, keyExpiry, keyLifetime, type RotationSpec } from "./generations";

/**
 * Undefined when there is nothing to say beyond the default (every host on
 * generation 1, no maximum age), so a deployment without rotation publishes
 * exactly what it did before rotation existed.
 */
export function credentialKeys(r: RotationSpec, credential: string, hosts: readonly string[], mechanism?: KeyExpiryMechanism): CredentialKeys | undefined {
    const lifetime = keyLifetime(r, credential);
    if (lifetime === undefined && !hosts.some((h) => isListed(r, credential, h))) return undefined;
    const generations: KeyGenerationEntry[] = hosts.flatMap((host) => {
        const list = generationsOf(r, credential, host);
        return list.map((g, i) => {
            const expiry = keyExpiry(r, credential, g);
            return {
                host,
                generation: g.generation,
                ...(g.issued !== undefined ? { issued: g.issued } : {}),
                ...(expiry ? { expiresOn: expiry.expiresOn } : {}),
                current: i === list.length - 1,
            };
        });
    });
    return {
        ...(lifetime ? { maxKeyAgeDays: lifetime.maxKeyAgeDays, graceDays: lifetime.graceDays } : {}),
        ...(lifetime && mechanism ? { expiresBy: mechanism.mechanism } : {}),
        generations,
    };
}

/** The identities a credential holds: one per host and generation. */
export function identityCount(keys: CredentialKeys | undefined, hosts: readonly string[]): number {
    return keys ? keys.generations.length : hosts.length;
}
