/**
 * Where each host's keys work from: `hostAddresses` (host → CIDRs, optional
 * per host). A host listed here gets every key it is issued limited to these
 * ranges by its provider (AWS aws:SourceIp, R2 the token's request.ip; B2
 * cannot, a deviation says so). Rules: every listed host receives
 * credentials, and a production environment never lists a range of every
 * address (0.0.0.0/0, ::/0): that would read as a restriction and be none.
 * The lists' own schema: host-addresses-schema.ts.
 */
import { hostNameProblem, quoted } from "../config-fields";
import { isAnyAddress } from "../network/cidr";
import type { ConfigProblem } from "../providers/profile";
import { OPT_OUT } from "./environment-rules";
import type { HostAddresses } from "./host-addresses-schema";
import type { PartialSpec } from "./partial";

export type { HostAddresses, PartialHostAddresses } from "./host-addresses-schema";

/** The addresses as the spec carries them, from a complete partial spec. */
export function hostAddressesSpec(spec: Pick<PartialSpec, "hostAddresses">): HostAddresses {
    return spec.hostAddresses === undefined || spec.hostAddresses === "invalid" ? new Map() : spec.hostAddresses.addresses;
}

/** Rules across hostAddresses and the credentials' hosts (all problems at once). */
export function hostAddressProblems(spec: PartialSpec): ConfigProblem[] {
    const listed = spec.hostAddresses;
    if (listed === undefined || listed === "invalid") return [];
    const out: ConfigProblem[] = [];
    const hosts = [...new Set(spec.credentials.flatMap((c) => c.hosts))].sort();
    for (const host of listed.hosts) {
        const nameProblem = hostNameProblem(host);
        if (nameProblem !== undefined) {
            out.push({ path: ["hostAddresses", host], message: nameProblem.startsWith("must") ? `host names ${nameProblem}` : nameProblem });
        } else if (!hosts.includes(host)) {
            out.push({
                path: ["hostAddresses", host],
                message: `names no host of any credential (hosts: ${hosts.join(", ") || "none"}); ` + "remove it or fix the host name",
            });
        }
        if (spec.tier !== "production") continue;
        (listed.addresses.get(host) ?? []).forEach((cidr, i) => {
            if (!isAnyAddress(cidr)) return;
            out.push({
                path: ["hostAddresses", host, i],
                message:
                    `${quoted(cidr)} is every address: a production key must be limited to ` +
                    `the host's own ranges (leave the host out of hostAddresses if its keys work from anywhere) ${OPT_OUT}`,
            });
        });
    }
    return out;
}
