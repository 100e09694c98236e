/**
 * Key rotation rules, read from the `permissions` output (its `keys`: each
 * host's key generations, issue dates and expiry) and the credential
 * resources. Like awsguard's access-key age rule they read the clock: they
 * judge a deployment now, while the program itself never does.
 */
import type { PolicyResource } from "@pulumi/policy";
import { identityName } from "../../components/naming";
import type { KeyGenerationEntry, PermissionEntry } from "../../components/outputs";
import { AWS } from "../../components/providers/aws/schema";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { b2KeyName } from "../../components/providers/b2/credential";
import { DAY_SECONDS } from "../../components/providers/b2/expiry";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { B2, B2_MAX_KEY_LIFETIME_DAYS } from "../../components/providers/b2/schema";
import { R2_TYPES } from "../../components/providers/r2/resources";
import { R2 } from "../../components/providers/r2/schema";
import { isAllowed, parsePolicy } from "../iam/evaluate";
import { probesFor } from "../iam/expectations";
import { backupUsers, permissionEntries, userOf } from "../credentials";
import type { StackRule } from "../rule";
import { isKnown, known, ofType, readString } from "../resources";

const DAY_MS = 86_400_000;

function rotateCommand(environment: string, credential: string, host: string): string {
    return `npm run rotate -- --stack ${environment} --credential ${credential} --host ${host}`;
}

/** Generations older than their maximum age, and issue dates in the future. */
export function keyAgeRule(now: () => Date = () => new Date()): StackRule {
    return {
        kind: "stack",
        name: "key-age",
        description: "No key generation is older than its maxKeyAgeDays (advisory in test environments, mandatory in production), and no issue date lies in the future.",
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
                        ctx.report(undefined, `${who} is dated in the future, which would let it outlive its maximum age`,
                            `set issued to the day the generation was issued (npm run rotate writes today's date)`);
                    } else if (age > max) {
                        const stops = g.expiresOn ? `; it stops working on ${g.expiresOn}` : "";
                        ctx.report(undefined, `${who} is ${age} days old, older than its maxKeyAgeDays of ${max}${stops}`,
                            g.current ? `rotate it (${rotateCommand(entry.environment, entry.credential, g.host)}), pulumi up, let the host pull, then retire the old generation`
                                : `retire it (npm run rotate -- --stack ${entry.environment} --retire --report <post-deploy report>)`);
                    }
                }
            }
        },
    };
}

/** The resource holding one generation's identity, found by the name every provider gives it. */
function identityResource(resources: readonly PolicyResource[], entry: PermissionEntry, g: KeyGenerationEntry): PolicyResource | undefined {
    const byName = (types: string[], property: string, name: string) =>
        ofType(resources, ...types).find((r) => readString(r, property) === name);
    const plain = identityName(entry.environment, entry.credential, g.host, g.generation);
    if (entry.provider === AWS) return byName([AWS_TYPES.user], "name", plain);
    if (entry.provider === B2) return byName([B2_TYPES.applicationKey], "keyName", b2KeyName(entry.environment, entry.credential, g.host, g.generation));
    if (entry.provider === R2) return byName([R2_TYPES.accountToken, R2_TYPES.apiToken], "name", plain);
    return undefined;
}

/** What keeps the identity working after its stated expiry, in words; undefined when it stops in time. */
function expiryGap(resources: readonly PolicyResource[], entry: PermissionEntry, g: KeyGenerationEntry, identity: PolicyResource, lifetimeDays: number): string | undefined {
    const expiresOn = g.expiresOn!;
    if (entry.provider === AWS) {
        const users = backupUsers(resources);
        const docs = ofType(resources, AWS_TYPES.userPolicy).filter((p) => userOf(p, users) === identity).map((p) => known(() => p.props.policy));
        if (!docs.every(isKnown)) return undefined;
        const statements = docs.flatMap((d) => (parsePolicyStatements(d)));
        const parsed = parsePolicy({ Version: "2012-10-17", Statement: statements });
        // Semantically: every request the role may make is denied at the stated instant.
        const still = probesFor({ role: entry.role, bucket: entry.bucket, prefix: entry.prefix })
            .filter((p) => p.expected && isAllowed(parsed, { ...p, currentTime: expiresOn }))
            .map((p) => `${p.action} ${p.where}`);
        return still.length ? `its policy still allows then: ${still.join("; ")}` : undefined;
    }
    if (entry.provider === B2) {
        // A B2 key keeps the lifetime it was created with (it cannot change without being replaced), so a live key
        // may carry an older maximum age than the config states now: what must hold is that it expires at all.
        const seconds = known(() => identity.props.validDurationInSeconds);
        if (!isKnown(seconds)) return undefined;
        return typeof seconds === "number" && seconds > 0 && seconds <= B2_MAX_KEY_LIFETIME_DAYS * DAY_SECONDS ? undefined
            : `validDurationInSeconds is ${String(seconds ?? "unset")}: the key never expires (expected ${lifetimeDays * DAY_SECONDS}, ${lifetimeDays} days)`;
    }
    const on = known(() => identity.props.expiresOn);
    if (!isKnown(on)) return undefined;
    return typeof on === "string" && Date.parse(on) <= Date.parse(expiresOn) ? undefined : `expiresOn is ${String(on ?? "unset")}, not at most ${expiresOn}`;
}

function parsePolicyStatements(doc: unknown): unknown[] {
    try {
        const parsed = typeof doc === "string" ? JSON.parse(doc) as { Statement?: unknown } : doc as { Statement?: unknown };
        return Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
    } catch {
        return [{ unreadable: true }];
    }
}

export const keyExpiryEnforced: StackRule = {
    kind: "stack",
    name: "key-expiry-enforced",
    description: "Every key the permissions output says expires really stops working then: AWS policies deny every request of the role from that instant (evaluated with pbac), B2 keys and R2 tokens carry the lifetime.",
    check(resources, ctx) {
        for (const entry of permissionEntries(resources) ?? []) {
            const keys = entry.keys;
            if (keys?.maxKeyAgeDays === undefined) continue;
            const lifetimeDays = keys.maxKeyAgeDays + (keys.graceDays ?? 0);
            for (const g of keys.generations.filter((x) => x.expiresOn !== undefined)) {
                const identity = identityResource(resources, entry, g);
                const who = `credential "${entry.credential}" on host "${g.host}", key generation ${g.generation}`;
                if (!identity) {
                    if (entry.provider === AWS || entry.provider === B2 || entry.provider === R2) {
                        ctx.report(undefined, `${who} has no identity resource named for it`, "issue keys through BackupEnvironment");
                    }
                    continue;
                }
                const gap = expiryGap(resources, entry, g, identity, lifetimeDays);
                if (gap !== undefined) {
                    ctx.report(identity, `${who} should stop working on ${g.expiresOn} but ${gap}`,
                        "issue the key through its provider profile, which applies the expiry from the config's issue date");
                }
            }
        }
    },
};

export const keyRules: StackRule[] = [keyAgeRule(), keyExpiryEnforced];
