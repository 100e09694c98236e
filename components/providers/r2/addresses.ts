/**
 * An R2 key limited to addresses: its account token's `condition.requestIp.in`
 * (Cloudflare's "Client IP Address Filtering" of API tokens,
 * developers.cloudflare.com/fundamentals/api/how-to/restrict-tokens/).
 * Cloudflare documents the field for API tokens; it does not say whether R2's
 * S3 endpoint enforces it for the S3 credentials derived from a token, so the
 * post-deploy test is what shows it (docs/hosts.md).
 *
 * Two sources combine: the remote's `tokens.allowedIps` (one list for every
 * token of the remote) and the host's `hostAddresses` (one list per host).
 * A host with addresses gets exactly its own list, and each of its ranges
 * must lie inside one of the remote's allowedIps (else a config error: the
 * host's list would widen what the remote allows); a host without addresses
 * gets the remote's allowedIps, as before; neither: no condition.
 */
import { cidrCovered } from "../../network/cidr";
import type { ConfigProblem, CrossFieldContext } from "../profile";
import type { R2RemoteConfig } from "./schema";

/** How R2 limits a key to addresses, for the permissions output. */
export const R2_SOURCE_ADDRESSES =
    "the token's condition.requestIp.in (documented for Cloudflare API tokens, not for R2's S3 endpoint: the post-deploy test shows it)";

/** The ranges one host's token is accepted from; undefined: any address. */
export function r2TokenAddresses(remote: R2RemoteConfig, hostAddresses: readonly string[] | undefined): readonly string[] | undefined {
    return hostAddresses ?? remote.tokens.allowedIps;
}

/** A host's ranges that lie outside the remote's tokens.allowedIps (all problems at once). */
export function r2AddressProblems({ remote, settings, credentials, hostAddresses }: CrossFieldContext<R2RemoteConfig>): ConfigProblem[] {
    const allowed = settings.tokens?.allowedIps;
    if (allowed === undefined) return [];
    const hosts = [...new Set(credentials.flatMap((c) => c.hosts))].sort();
    const out: ConfigProblem[] = [];
    for (const host of hosts) {
        (hostAddresses.get(host) ?? []).forEach((cidr, i) => {
            if (allowed.some((outer) => cidrCovered(cidr, outer))) return;
            out.push({
                path: ["hostAddresses", host, i],
                message:
                    `"${cidr}" lies outside remote "${remote}"'s tokens.allowedIps ` +
                    `(${allowed.join(", ")}), which every token of that remote is limited to: list a range inside them, or widen allowedIps`,
            });
        });
    }
    return out;
}
