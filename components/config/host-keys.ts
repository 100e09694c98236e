/**
 * Sealed delivery settings: `hostKeys` (host → its age public key) and the
 * optional `breakGlassKeys` (operators' age public keys that can open every
 * host's file). Sealing is on when `hostKeys` is set; then every host of
 * every credential needs exactly one key of its own, so a host's file opens
 * with its key and no other host's. The keys' schemas: host-keys-schema.ts.
 */
import { hostNameProblem } from "../config-fields";
import type { ConfigProblem } from "../providers/profile";
import type { SealingSpec } from "../sealing/seal-hosts";
import type { PartialSpec } from "./partial";

export type { SealingSpec };

/** Sealing as the spec carries it, from a complete partial spec; undefined without hostKeys. */
export function sealingSpec(spec: Pick<PartialSpec, "hostKeys" | "breakGlassKeys">): SealingSpec | undefined {
    if (spec.hostKeys === undefined || spec.hostKeys === "invalid") return undefined;
    return {
        hostKeys: Object.fromEntries(spec.hostKeys.keys),
        breakGlassKeys: (spec.breakGlassKeys ?? []).filter((k): k is string => k !== undefined),
    };
}

/** Rules across hostKeys, breakGlassKeys and the credentials' hosts. */
export function sealingProblems(spec: PartialSpec): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    const problem = (path: (string | number)[], message: string) => out.push({ path, message });
    const { hostKeys } = spec;
    if (hostKeys === "invalid") return out;
    if (hostKeys === undefined) {
        if (spec.breakGlassKeys !== undefined) problem(["breakGlassKeys"], "has no effect without hostKeys; set hostKeys to turn sealing on, or remove it");
        return out;
    }
    const hosts = hostsOfCredentials(spec);
    for (const host of [...hosts.keys()].sort()) {
        if (!hostKeys.hosts.includes(host)) {
            problem(
                ["hostKeys", host],
                `is missing: host "${host}" receives credentials (${hosts.get(host)!.join(", ")}), and with ` +
                    "hostKeys set every host needs its own key (`age-keygen -o /etc/backup-remotes/age.key` on the host prints it)",
            );
        }
    }
    const owner = new Map<string, string>();
    for (const host of hostKeys.hosts) {
        const nameProblem = hostNameProblem(host);
        if (nameProblem !== undefined) problem(["hostKeys", host], nameProblem.startsWith("must") ? `host names ${nameProblem}` : nameProblem);
        else if (!hosts.has(host)) {
            problem(
                ["hostKeys", host],
                `names no host of any credential (hosts: ${[...hosts.keys()].sort().join(", ") || "none"}); ` + "remove it or fix the host name",
            );
        }
        const key = hostKeys.keys.get(host);
        if (key === undefined) continue;
        const other = owner.get(key);
        if (other !== undefined) {
            problem(["hostKeys", host], `is the same key as host "${other}": each host needs its own key, or either host could open the other's file`);
        } else {
            owner.set(key, host);
        }
    }
    (spec.breakGlassKeys ?? []).forEach((key, i) => {
        const host = key === undefined ? undefined : owner.get(key);
        if (host !== undefined) problem(["breakGlassKeys", i], `is host "${host}"'s key: that host could open every other host's file`);
    });
    return out;
}

/** host → the credentials it receives. */
function hostsOfCredentials(spec: PartialSpec): Map<string, string[]> {
    const hosts = new Map<string, string[]>();
    for (const cred of spec.credentials) {
        for (const host of cred.hosts) hosts.set(host, [...(hosts.get(host) ?? []), cred.name]);
    }
    return hosts;
}
