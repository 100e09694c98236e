/** The schema of `hostAddresses`: host → the address ranges (CIDRs) its keys work from. */
import { z } from "zod";
import { hostBitsProblem, isCidr } from "../network/cidr";

const CIDR_EXAMPLE = 'an IPv4 or IPv6 CIDR such as "192.0.2.0/24", "198.51.100.7/32" or "2001:db8::/32"';

export const hostCidrSchema = z.string({ error: `each address must be ${CIDR_EXAMPLE}` }).superRefine((value, ctx) => {
    if (!isCidr(value)) {
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} is not ${CIDR_EXAMPLE} (a single address is written /32 or /128)` });
        return;
    }
    const bits = hostBitsProblem(value);
    if (bits !== undefined) ctx.addIssue({ code: "custom", message: bits });
});

/** One host's list: at least one range, none twice. */
export const hostCidrListSchema = z
    .array(hostCidrSchema, { error: `must be a list of address ranges, each ${CIDR_EXAMPLE}` })
    .min(1, { error: "must list at least one address range (leave the host out to let its keys work from any address)" })
    .refine((l) => new Set(l).size === l.length, { error: "must not list an address range twice" });

export const hostAddressesSchema = z.record(z.string(), z.unknown(), {
    error: "hostAddresses must map host names to lists of address ranges (CIDRs)",
});

/** host → its address ranges; hosts without addresses are absent (their keys work from any address). */
export type HostAddresses = ReadonlyMap<string, readonly string[]>;

export interface PartialHostAddresses {
    /** Every host hostAddresses names, its list valid or not. */
    readonly hosts: readonly string[];
    /** host → its ranges, for the lists that are valid. */
    readonly addresses: HostAddresses;
}
