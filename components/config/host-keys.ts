/**
 * Sealed delivery settings: `hostKeys` (host → its age public key) and the
 * optional `breakGlassKeys` (operators' age public keys that can open every
 * host's file). Sealing is on when `hostKeys` is set; then every host of
 * every credential needs exactly one key of its own, so a host's file opens
 * with its key and no other host's.
 */
import { z } from "zod";
import { checkAgeRecipient } from "../sealing/recipients";
import type { SealingSpec } from "../sealing/seal-hosts";

export type { SealingSpec };
import { HOST_NAME_PATTERN, isRecord } from "../config-fields";

const ageRecipient = z.string({ error: "must be an age public key (age1…) as `age-keygen` prints it" }).transform((value, ctx) => {
    const check = checkAgeRecipient(value);
    if (check.ok) return check.recipient;
    ctx.addIssue({ code: "custom", message: check.reason });
    return z.NEVER;
});

/** Spread into the environment's config schema. */
export const sealingConfigShape = {
    hostKeys: z.record(z.string(), ageRecipient, { error: "hostKeys must map host names to age public keys (age1…)" }).optional(),
    breakGlassKeys: z.array(ageRecipient, { error: "breakGlassKeys must be a list of age public keys (age1…)" }).optional(),
};


type Parsed = { hostKeys?: Record<string, string> | undefined; breakGlassKeys?: string[] | undefined };

export function sealingSpec(cfg: Parsed): SealingSpec | undefined {
    return cfg.hostKeys === undefined ? undefined : { hostKeys: cfg.hostKeys, breakGlassKeys: cfg.breakGlassKeys ?? [] };
}

type ConfigPath = (path: readonly (string | number)[]) => string;

/** Rules across keys, on the raw config so they are listed with every other problem. */
export function sealingErrors(raw: Record<string, unknown>, configPath: ConfigPath): string[] {
    const hostKeys = isRecord(raw.hostKeys) ? raw.hostKeys : undefined;
    const errors: string[] = [];
    const problem = (path: (string | number)[], message: string) => errors.push(`${configPath(path)}: ${message}`);
    if (hostKeys === undefined) {
        if (raw.breakGlassKeys !== undefined) problem(["breakGlassKeys"], "has no effect without hostKeys; set hostKeys to turn sealing on, or remove it");
        return errors;
    }
    const hosts = hostsOfCredentials(raw.credentials);
    for (const host of [...hosts.keys()].sort()) {
        if (!(host in hostKeys)) {
            problem(["hostKeys", host], `is missing: host "${host}" receives credentials (${hosts.get(host)!.join(", ")}), and with ` +
                "hostKeys set every host needs its own key (`age-keygen -o /etc/backup-remotes/age.key` on the host prints it)");
        }
    }
    const owner = new Map<string, string>();
    for (const [host, key] of Object.entries(hostKeys)) {
        if (!HOST_NAME_PATTERN.test(host)) problem(["hostKeys", host], "host names are 1-63 lowercase letters, digits, '.' and '-'");
        else if (!hosts.has(host)) {
            problem(["hostKeys", host], `names no host of any credential (hosts: ${[...hosts.keys()].sort().join(", ") || "none"}); ` +
                "remove it or fix the host name");
        }
        if (typeof key !== "string") continue;
        const other = owner.get(key.trim());
        if (other !== undefined) {
            problem(["hostKeys", host], `is the same key as host "${other}": each host needs its own key, or either host could open the other's file`);
        } else {
            owner.set(key.trim(), host);
        }
    }
    const breakGlass = Array.isArray(raw.breakGlassKeys) ? raw.breakGlassKeys : [];
    breakGlass.forEach((key, i) => {
        const host = typeof key === "string" ? owner.get(key.trim()) : undefined;
        if (host !== undefined) problem(["breakGlassKeys", i], `is host "${host}"'s key: that host could open every other host's file`);
    });
    return errors;
}

/** host → the credentials it receives, from the raw config. */
function hostsOfCredentials(credentials: unknown): Map<string, string[]> {
    const hosts = new Map<string, string[]>();
    if (!isRecord(credentials)) return hosts;
    for (const [name, cred] of Object.entries(credentials)) {
        if (!isRecord(cred) || !Array.isArray(cred.hosts)) continue;
        for (const host of cred.hosts) if (typeof host === "string") hosts.set(host, [...(hosts.get(host) ?? []), name]);
    }
    return hosts;
}
