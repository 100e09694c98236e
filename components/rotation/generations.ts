/**
 * Key generations and expiry, as pure values. Every (credential, host) holds
 * one or two generations of its identity (IAM user + key / B2 key / R2 token):
 * one normally, two while a rotation overlaps, the newer one in the outputs.
 *
 * Expiry is derived from the issue date written in the stack config, never
 * from the clock, so `pulumi preview` says the same thing every day:
 * expires on = issued + maxKeyAgeDays + graceDays (at 00:00 UTC).
 */
import type { KeyExpiry } from "../providers/profile";

export type { KeyExpiry };

/** One generation of a (credential, host)'s identity, as the config lists it. */
export interface KeyGeneration {
    readonly generation: number;
    /** UTC calendar date (YYYY-MM-DD) the generation was issued; unknown for a key made before rotation existed. */
    readonly issued?: string;
}

/** What the config says about keys, per environment (see config.ts for the keys). */
export interface RotationSpec {
    /** Environment-wide maximum key age; absent: keys do not expire unless a credential sets its own. */
    readonly maxKeyAgeDays?: number;
    /** Days a key keeps working after it reached its maximum age (so a missed rotation is noticed before backups fail). */
    readonly graceDays: number;
    /** Per-credential maxKeyAgeDays (`credentials.<c>.maxKeyAgeDays`). */
    readonly credentialMaxKeyAgeDays: Readonly<Record<string, number>>;
    /** Generations listed in `keyGenerations`, oldest first; pairs not listed hold generation 1. */
    readonly generations: Readonly<Record<string, Readonly<Record<string, readonly KeyGeneration[]>>>>;
    /** Identity quotas per provider, overriding the profiles' defaults. */
    readonly identityQuotas: Readonly<Record<string, number>>;
}

export const NO_ROTATION: RotationSpec = { graceDays: 14, credentialMaxKeyAgeDays: {}, generations: {}, identityQuotas: {} };

/** The generation a key made before rotation existed holds: the names and resources it always had. */
export const FIRST_GENERATION: KeyGeneration = { generation: 1 };

/** When a key stops working; each provider expresses it its own way (see each profile's credential). */

export interface KeyLifetime {
    readonly maxKeyAgeDays: number;
    readonly graceDays: number;
}

export function isListed(r: RotationSpec, credential: string, host: string): boolean {
    return r.generations[credential]?.[host] !== undefined;
}

/** The generations a (credential, host) holds, oldest first; the last is the one the outputs carry. */
export function generationsOf(r: RotationSpec, credential: string, host: string): readonly KeyGeneration[] {
    return r.generations[credential]?.[host] ?? [FIRST_GENERATION];
}

export function currentOf(list: readonly KeyGeneration[]): KeyGeneration {
    return list[list.length - 1]!;
}

/** The maximum age a credential's keys live by, if any: its own, else the environment's. */
export function keyLifetime(r: RotationSpec, credential: string): KeyLifetime | undefined {
    const max = r.credentialMaxKeyAgeDays[credential] ?? r.maxKeyAgeDays;
    return max === undefined ? undefined : { maxKeyAgeDays: max, graceDays: r.graceDays };
}

const DAY_MS = 86_400_000;

/** `date` (YYYY-MM-DD) plus `days`, as an RFC 3339 UTC instant at midnight. */
export function addDays(date: string, days: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().replace(/\.000Z$/, "Z");
}

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** When generation `g` of a credential's key expires; undefined when it does not (no max age, or no issue date). */
export function keyExpiry(r: RotationSpec, credential: string, g: KeyGeneration): KeyExpiry | undefined {
    const lifetime = keyLifetime(r, credential);
    if (lifetime === undefined || g.issued === undefined) return undefined;
    const lifetimeDays = lifetime.maxKeyAgeDays + lifetime.graceDays;
    return { expiresOn: addDays(g.issued, lifetimeDays), lifetimeDays };
}
