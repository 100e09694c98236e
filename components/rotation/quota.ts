/**
 * Identities counted against the providers' per-account quotas, before any
 * deploy. Every (credential, host) holds one identity, two while it rotates;
 * `npm run rotate` without filters rotates them all at once, so the peak is
 * two per (credential, host). The limits, what they count and which config
 * names the account are each profile's data (`identityQuota`).
 */
import type { ProviderFacts, RemoteConfigBase } from "../providers/profile";
import { generationsOf, type RotationSpec } from "./generations";

/** What counting needs of an environment (its spec has these fields; the schema calls this on it). */
export interface QuotaInput {
    readonly credentials: readonly {
        readonly name: string;
        readonly hosts: readonly string[];
        readonly remote: { readonly name: string; readonly profile: ProviderFacts; readonly config: RemoteConfigBase };
    }[];
    readonly rotation: RotationSpec;
}

/** Use above this share of the quota is reported; above the quota itself the config is refused. */
export const QUOTA_WARNING_SHARE = 0.8;

export interface IdentityUsage {
    readonly provider: string;
    readonly title: string;
    /** What is counted: "IAM users". */
    readonly counts: string;
    readonly account: string;
    /** The config (or deploy credentials) that identify the account. */
    readonly identifiedBy: string;
    /** Identities the config holds now (both generations of pairs that are rotating). */
    readonly now: number;
    /** Identities while every key rotates: two per (credential, host). */
    readonly peak: number;
    readonly quota: number;
    /** `backup-remotes:identityQuotas.<provider>` when set, else the provider's documented default. */
    readonly quotaFrom: string;
    /** Hosts per credential: what drives the count. */
    readonly drivers: readonly { readonly credential: string; readonly hosts: number }[];
    readonly level: "ok" | "warning" | "refused";
}

export function identityUsage(spec: QuotaInput): IdentityUsage[] {
    const groups = new Map<string, { usage: Omit<IdentityUsage, "now" | "peak" | "drivers" | "level">; now: number; drivers: Map<string, number> }>();
    for (const cred of spec.credentials) {
        const { profile } = cred.remote;
        const quota = profile.identityQuota;
        if (!quota) continue;
        const account = quota.account(cred.remote.config, cred.remote.name);
        const key = `${profile.name}\u0000${account.id}`;
        let group = groups.get(key);
        if (!group) {
            const configured = spec.rotation.identityQuotas[profile.name];
            group = {
                usage: {
                    provider: profile.name,
                    title: profile.title,
                    counts: quota.counts,
                    account: account.id,
                    identifiedBy: account.identifiedBy,
                    quota: configured ?? quota.defaultQuota,
                    quotaFrom: configured !== undefined ? `backup-remotes:identityQuotas.${profile.name}` : `${profile.title} default (${quota.source})`,
                },
                now: 0,
                drivers: new Map(),
            };
            groups.set(key, group);
        }
        group.drivers.set(cred.name, (group.drivers.get(cred.name) ?? 0) + cred.hosts.length);
        group.now += cred.hosts.reduce((n, h) => n + generationsOf(spec.rotation, cred.name, h).length, 0);
    }
    return [...groups.values()].map(({ usage, now, drivers }) => {
        const peak = 2 * [...drivers.values()].reduce((a, b) => a + b, 0);
        const level = peak > usage.quota ? "refused" : peak > QUOTA_WARNING_SHARE * usage.quota ? "warning" : "ok";
        return { ...usage, now, peak, level, drivers: [...drivers].map(([credential, hosts]) => ({ credential, hosts })) };
    });
}

function describe(u: IdentityUsage): string {
    const drivers = [...u.drivers].sort((a, b) => b.hosts - a.hosts).map((d) => `${d.credential} (${d.hosts} host${d.hosts === 1 ? "" : "s"})`);
    return (
        `${u.peak} ${u.title} ${u.counts} in the account ${u.account} (identified by ${u.identifiedBy}) while every key rotates ` +
        `(2 per credential and host in backup-remotes:credentials: ${drivers.join(", ")}), ` +
        `${Math.round((100 * u.peak) / u.quota)}% of the quota of ${u.quota} (${u.quotaFrom})`
    );
}

/** Config errors: accounts whose quota the stack would exceed. */
export function quotaProblems(usage: readonly IdentityUsage[]): { path: string[]; message: string }[] {
    return usage
        .filter((u) => u.level === "refused")
        .map((u) => ({
            path: ["identityQuotas", u.provider],
            message:
                `the stack would hold ${describe(u)}; remove hosts or credentials, or set backup-remotes:identityQuotas.${u.provider} ` +
                "to the share of the account this stack may use once the provider has raised the quota",
        }));
}

/** Lines for people: accounts past the warning share. */
export function quotaWarnings(usage: readonly IdentityUsage[]): string[] {
    return usage.filter((u) => u.level === "warning").map((u) => `identity quota: the stack would hold ${describe(u)}`);
}
