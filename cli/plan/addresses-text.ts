/**
 * The plan's word on where each key works from (the `permissions` output's
 * `addresses`, components/permissions/addresses.ts): under each key of a
 * credential some host of which lists hostAddresses, its ranges, or "any
 * address" for a host that lists none; a provider that cannot limit a key
 * (no `enforcedBy`) gets its deviation named under that key instead (its
 * control is in the plan's deviations part, once per credential). How each
 * provider holds a key to its ranges is said once per provider, under the keys.
 */
import type { PermissionEntry } from "../../components/outputs";
import type { KeyDetail } from "./keys-text";
import { wrapText } from "./text-layout";

/** The deviation capability a provider that cannot enforce addresses reports (effective.ts). */
const ANY_ADDRESS = "any-address";

export const addressNote: KeyDetail = ({ entry, host }) => {
    const addresses = entry.addresses;
    if (addresses === undefined) return [];
    const cidrs = addresses.hosts.find((h) => h.host === host)?.cidrs;
    if (addresses.enforcedBy !== undefined) {
        return [{ text: cidrs ? `works only from ${cidrs.join(", ")}` : `works from any address (hostAddresses does not list ${host})` }];
    }
    if (cidrs === undefined) return [{ text: `works from any address (hostAddresses does not list ${host})` }];
    const deviation = entry.deviations.find((d) => d.capability === ANY_ADDRESS);
    return [
        {
            text:
                `works from any address, although hostAddresses lists ${cidrs.join(", ")}: ${entry.provider} cannot limit a key ` +
                `(deviation ${deviation?.id ?? ANY_ADDRESS}: its control is under "Deviations")`,
        },
    ];
};

/**
 * How each provider limits a key to its host's ranges, once per provider (the same for all its credentials);
 * when no host lists addresses, one line says every key works from anywhere.
 */
export function addressMechanisms(permissions: readonly PermissionEntry[], width: number): string[] {
    if (permissions.every((e) => e.addresses === undefined)) {
        return wrapText("no host lists hostAddresses: every key works from any address (docs/hosts.md)", "  ", "    ", width);
    }
    const by = new Map<string, string>();
    for (const e of permissions) if (e.addresses?.enforcedBy !== undefined && !by.has(e.provider)) by.set(e.provider, e.addresses.enforcedBy);
    if (by.size === 0) return [];
    return ["  How a key is held to its host's addresses:", ...[...by].flatMap(([provider, how]) => wrapText(`${provider}: ${how}`, "    ", "      ", width))];
}
