/**
 * Key rotation rules read from the `permissions` output's `keys` (each
 * host's key generations, issue dates and expiry). Like awsguard's access-key
 * age rule, key-age reads the clock: it judges a deployment now, while the
 * program itself never does. Whether each provider's identity really stops at
 * its stated expiry is checked per provider (aws-key-expiry.ts, b2-key-expiry.ts,
 * r2-key-expiry.ts), with the helpers below.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { KeyGenerationEntry, PermissionEntry } from "../../components/outputs";
import { permissionEntries } from "../credentials";
import type { RuleContext, StackRule } from "../rule";
import { ofType, readString } from "../resources";

const DAY_MS = 86_400_000;

function rotateCommand(environment: string, credential: string, host: string): string {
    return `npm run rotate -- --stack ${environment} --credential ${credential} --host ${host}`;
}

/** Generations older than their maximum age, and issue dates in the future. */
export function keyAgeRule(now: () => Date = () => new Date()): StackRule {
    return {
        kind: "stack",
        name: "key-age",
        description:
            "No key generation is older than its maxKeyAgeDays (advisory in test environments, mandatory in production), and no issue date lies in the future.",
        check(resources, ctx) {
            const today = now();
            for (const entry of permissionEntries(resources) ?? []) {
                const max = entry.keys?.maxKeyAgeDays;
                if (max === undefined) continue;
                for (const g of entry.keys?.generations ?? []) {
                    if (g.issued === undefined) continue; // only a generation being replaced can be undated (the config refuses it in use)
                    const age = Math.floor((today.getTime() - Date.parse(`${g.issued}T00:00:00Z`)) / DAY_MS);
                    const who = `credential "${entry.credential}" on host "${g.host}", key generation ${g.generation} (issued ${g.issued})`;
                    if (age < 0) {
                        ctx.report(
                            undefined,
                            `${who} is dated in the future, which would let it outlive its maximum age`,
                            `set issued to the day the generation was issued (npm run rotate writes today's date)`,
                        );
                    } else if (age > max) {
                        const stops = g.expiresOn ? `; it stops working on ${g.expiresOn}` : "";
                        ctx.report(
                            undefined,
                            `${who} is ${age} days old, older than its maxKeyAgeDays of ${max}${stops}`,
                            g.current
                                ? `rotate it (${rotateCommand(entry.environment, entry.credential, g.host)}), pulumi up, let the host pull, then retire the old generation`
                                : `retire it (npm run rotate -- --stack ${entry.environment} --retire --report <post-deploy report>)`,
                        );
                    }
                }
            }
        },
    };
}

/** One generation the permissions output says expires, with its credential and lifetime (max age + grace). */
export interface ExpiringKey {
    readonly entry: PermissionEntry;
    readonly generation: KeyGenerationEntry & { readonly expiresOn: string };
    readonly lifetimeDays: number;
}

/** Every expiring generation of `provider`'s credentials. */
export function expiringKeys(resources: readonly PolicyResource[], provider: string): ExpiringKey[] {
    return (permissionEntries(resources) ?? [])
        .filter((e) => e.provider === provider)
        .flatMap((entry) => {
            const keys = entry.keys;
            if (keys?.maxKeyAgeDays === undefined) return [];
            const lifetimeDays = keys.maxKeyAgeDays + (keys.graceDays ?? 0);
            return keys.generations
                .filter((g): g is ExpiringKey["generation"] => g.expiresOn !== undefined)
                .map((generation) => ({ entry, generation, lifetimeDays }));
        });
}

/**
 * The expiry check of one provider: its identities found by the name its profile
 * gives them (`nameOf` on `property` of `types`), and what keeps one working after
 * its stated expiry (`gap`, in words; undefined when it stops in time).
 */
export function checkExpiry(
    resources: readonly PolicyResource[],
    ctx: RuleContext,
    provider: string,
    find: {
        readonly types: readonly string[];
        readonly property: string;
        nameOf(k: ExpiringKey): string;
        gap(k: ExpiringKey, identity: PolicyResource): string | undefined;
    },
): void {
    for (const k of expiringKeys(resources, provider)) {
        const who = `credential "${k.entry.credential}" on host "${k.generation.host}", key generation ${k.generation.generation}`;
        const name = find.nameOf(k);
        const identity = ofType(resources, ...find.types).find((r) => readString(r, find.property) === name);
        if (!identity) {
            ctx.report(undefined, `${who} has no identity resource named "${name}"`, "issue keys through BackupEnvironment");
            continue;
        }
        const gap = find.gap(k, identity);
        if (gap !== undefined) {
            ctx.report(
                identity,
                `${who} should stop working on ${k.generation.expiresOn} but ${gap}`,
                "issue the key through its provider profile, which applies the expiry from the config's issue date",
            );
        }
    }
}

export const keyAge = keyAgeRule();
