/**
 * The config schema of one environment (one stack), and the cross-field rules
 * that keep environments apart and credentials narrow. Each remote is parsed
 * by its provider's profile; every problem is reported at once, each with its
 * config key and what would be valid.
 */
import { z } from "zod";
import type { ProviderProfile, RemoteConfigBase } from "../providers/profile";
import { PROVIDERS, type ProviderRegistry } from "../providers/registry";
import {
    CREDENTIAL_NAME_PATTERN, ENVIRONMENT_PATTERN, PRODUCTION_WORDS, REMOTE_NAME_PATTERN, TIERS, isRecord, nameContainsEnvironment, otherEnvironmentWords,
    prefixSchema, rawTier, strictObject, type Tier,
} from "../config-fields";
import { credentialSchema } from "./credential";
import { sealingConfigShape, sealingErrors, sealingSpec, type SealingSpec } from "./host-keys";
import { rotationConfigShape, rotationSpec } from "./rotation";
import { rotationProblems } from "./rotation-rules";
import type { RotationSpec } from "../rotation/generations";
import { identityUsage, quotaProblems, type IdentityUsage } from "../rotation/quota";

export const CONFIG_NAMESPACE = "backup-remotes";

/** One remote: its name, its provider's profile and its config as that profile parsed it. */
export interface RemoteSpec {
    readonly name: string;
    readonly profile: ProviderProfile;
    readonly config: RemoteConfigBase;
}

export interface CredentialSpec {
    readonly name: string;
    readonly role: z.infer<typeof credentialSchema>["role"];
    readonly remote: RemoteSpec;
    readonly prefix: string;
    readonly hosts: readonly string[];
}

export interface EnvironmentSpec {
    readonly environment: string;
    /** `production` unless the environment opted out in its config. */
    readonly tier: Tier;
    readonly protectBuckets: boolean;
    readonly remotes: readonly RemoteSpec[];
    readonly credentials: readonly CredentialSpec[];
    /** Sealed delivery (hostKeys set), else undefined. */
    readonly sealing?: SealingSpec | undefined;
    /** Key generations, maximum key age and identity quotas (config/rotation.ts). */
    readonly rotation: RotationSpec;
    /** Identities per provider account against its quota (rotation/quota.ts), counted once by the schema. */
    readonly identityUsage: readonly IdentityUsage[];
}

export type ParseResult = { ok: true; spec: EnvironmentSpec } | { ok: false; errors: string[] };

type Loose = Record<string, unknown>;
const entries = (v: unknown): [string, Loose][] =>
    isRecord(v) ? Object.entries(v).filter((e): e is [string, Loose] => isRecord(e[1])) : [];

/** A remote's settings, parsed by the profile its `provider` names. */
function remoteSchema(registry: ProviderRegistry) {
    const known = `provider must be one of ${registry.names.map((p) => `"${p}"`).join(", ")}`;
    return z.unknown().transform((raw, ctx) => {
        if (!isRecord(raw)) {
            ctx.addIssue({ code: "custom", message: "must map setting names to values (provider, bucket, …)" });
            return z.NEVER;
        }
        const profile = typeof raw.provider === "string" ? registry.find(raw.provider) : undefined;
        if (!profile) {
            ctx.addIssue({ code: "custom", path: ["provider"], message: known });
            return z.NEVER;
        }
        const parsed = profile.remoteSchema.safeParse(raw);
        if (!parsed.success) {
            for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
            return z.NEVER;
        }
        return { profile, config: parsed.data };
    });
}

export function environmentConfigSchema(registry: ProviderRegistry = PROVIDERS) {
    return strictObject({
        environment: z.string({ error: "environment is required and must equal the stack name" })
            .regex(ENVIRONMENT_PATTERN, { error: "environment must be 2-16 lowercase letters and digits, starting with a letter" }),
        tier: z.enum(TIERS, { error: 'tier must be "production" (the default) or "test"' }).default("production"),
        /** Engine-level deletion protection of buckets; may only be turned off in the test tier. */
        protectBuckets: z.boolean({ error: "protectBuckets must be true or false" }).default(true),
        remotes: z.record(z.string(), remoteSchema(registry), { error: "remotes must map remote names to remote settings" }),
        credentials: z.record(z.string(), credentialSchema, { error: "credentials must map credential names to credential settings" })
            .default({}),
        ...sealingConfigShape,
        ...rotationConfigShape,
    });
}

/** Validate the stack's config (keys without the namespace) for the stack `stack`. */
export function parseEnvironmentConfig(stack: string, raw: Record<string, unknown>, registry: ProviderRegistry = PROVIDERS): ParseResult {
    const result = environmentConfigSchema(registry).safeParse(raw);
    const errors = result.success ? [] : result.error.issues.map((i) => `${configPath(i.path)}: ${i.message}`);
    // Cross-field rules run on the raw input too, so one run lists every problem.
    errors.push(...crossFieldErrors(stack, raw, registry));
    errors.push(...rotationProblems(stack, raw, registry).map((p) => `${configPath(p.path)}: ${p.message}`));
    if (!result.success || errors.length) return { ok: false, errors: [...new Set(errors)] };

    const cfg = result.data;
    const remotes: RemoteSpec[] = Object.entries(cfg.remotes).map(([name, r]) => ({ name, profile: r.profile, config: r.config }));
    const byName = new Map(remotes.map((r) => [r.name, r]));
    const credentials = Object.entries(cfg.credentials).map(([name, c]) => ({
        name, role: c.role, remote: byName.get(c.remote)!, prefix: c.prefix, hosts: c.hosts,
    }));
    const parsed = {
        environment: cfg.environment, tier: cfg.tier, protectBuckets: cfg.protectBuckets, remotes, credentials,
        sealing: sealingSpec(cfg), rotation: rotationSpec(cfg),
    };
    // Counted on the parsed spec: quotas are checked once everything else is valid.
    const usage = identityUsage(parsed);
    const quota = quotaProblems(usage).map((p) => `${configPath(p.path)}: ${p.message}`);
    return quota.length ? { ok: false, errors: quota } : { ok: true, spec: { ...parsed, identityUsage: usage } };
}

function crossFieldErrors(stack: string, raw: Loose, registry: ProviderRegistry): string[] {
    const errors: string[] = [];
    const problem = (path: readonly (string | number)[], message: string) => errors.push(`${configPath(path)}: ${message}`);
    const environment = typeof raw.environment === "string" ? raw.environment : undefined;
    const production = rawTier(raw) === "production";

    if (environment !== undefined && environment !== stack) {
        problem(["environment"], `is "${environment}" but the stack is "${stack}": a config copied from another ` +
            `environment must not deploy here; set environment to "${stack}" and rename its buckets`);
    }
    if (!production && PRODUCTION_WORDS.includes(stack)) {
        // A staging file copied to prod keeps its opt-out; the name settles it.
        problem(["tier"], `"test" is refused for environment "${stack}": its name says production; remove the tier key ` +
            '(a test environment needs a name that does not say production, e.g. "staging")');
    }
    if (production && raw.protectBuckets === false) {
        problem(["protectBuckets"], `must be true in a production environment: its buckets are always protected from deletion ${OPT_OUT}`);
    }
    const remotes = entries(raw.remotes);
    if (isRecord(raw.remotes) && Object.keys(raw.remotes).length === 0) problem(["remotes"], "must define at least one remote");
    const credentials = entries(raw.credentials);

    const buckets = new Map<string, string>();
    for (const [name, remote] of remotes) {
        if (!REMOTE_NAME_PATTERN.test(name)) {
            problem(["remotes", name], "remote names must be 1-32 lowercase letters, digits and '-', starting with a letter or digit");
        }
        const profile = typeof remote.provider === "string" ? registry.find(remote.provider) : undefined;
        const onRemote = credentials.filter(([, c]) => c.remote === name);
        for (const p of profile?.crossFieldProblems?.({ remote: name, raw: remote, production, optOut: OPT_OUT, credentials: onRemote }) ?? []) {
            problem(p.path, p.message);
        }
        if (typeof remote.bucket !== "string") continue;
        // The stack name is what counts: a bucket named for staging must not deploy in prod.
        if (!nameContainsEnvironment(remote.bucket, stack)) {
            problem(["remotes", name, "bucket"], `"${remote.bucket}" must contain the environment name "${stack}" ` +
                `as a '-'-separated word (e.g. "acme-backup-${stack}-db")`);
        }
        const foreign = otherEnvironmentWords(remote.bucket, stack);
        if (foreign.length) {
            problem(["remotes", name, "bucket"], `"${remote.bucket}" also names the ${foreign.map((w) => `"${w}"`).join(", ")} environment: ` +
                `a bucket of another environment must not deploy in "${stack}"; name it for "${stack}" alone`);
        }
        const key = `${String(remote.provider)}:${remote.bucket}`;
        const other = buckets.get(key);
        if (other !== undefined) problem(["remotes", name, "bucket"], `"${remote.bucket}" is already the bucket of remote "${other}"`);
        buckets.set(key, name);
    }

    const remoteNames = remotes.map(([n]) => n);
    for (const [name, cred] of credentials) {
        if (!CREDENTIAL_NAME_PATTERN.test(name)) {
            problem(["credentials", name], "credential names must be 1-32 lowercase letters, digits and '-', starting with a letter or digit");
        }
        if (typeof cred.remote === "string" && !remoteNames.includes(cred.remote)) {
            problem(["credentials", name, "remote"], `"${cred.remote}" is not a remote of this environment (remotes: ${remoteNames.join(", ") || "none"})`);
        }
    }
    errors.push(...overlapErrors(credentials, remotes, registry));
    errors.push(...sealingErrors(raw, configPath));
    return errors;
}

/**
 * A sync credential deletes what its source lacks; if its prefix overlaps a
 * copy credential's prefix on the same remote, a sync would delete archives.
 * The remote's profile may add what else breaks (e.g. a lock refusing the sync).
 */
function overlapErrors(credentials: [string, Loose][], remotes: [string, Loose][], registry: ProviderRegistry): string[] {
    const remoteByName = new Map(remotes);
    const prefixOf = (c: Loose) => {
        const p = prefixSchema.safeParse(c.prefix ?? "");
        return p.success ? p.data : undefined;
    };
    const errors: string[] = [];
    for (const [syncName, sync] of credentials) {
        const syncPrefix = prefixOf(sync);
        if (sync.role !== "sync" || syncPrefix === undefined) continue;
        for (const [copyName, copy] of credentials) {
            const copyPrefix = prefixOf(copy);
            if (copy.role !== "copy" || copy.remote !== sync.remote || copyPrefix === undefined) continue;
            if (overlaps(syncPrefix, copyPrefix)) {
                const remote = remoteByName.get(String(sync.remote));
                const profile = typeof remote?.provider === "string" ? registry.find(remote.provider) : undefined;
                const more = remote && profile?.overlapConsequence ? profile.overlapConsequence(remote, copyPrefix) : "";
                errors.push(`${configPath(["credentials", syncName, "prefix"])}: "${syncPrefix}" overlaps the prefix ` +
                    `"${copyPrefix}" of copy credential "${copyName}" on remote "${String(sync.remote)}": a sync would delete ` +
                    `what "${copyName}" archives${more}; give them disjoint prefixes`);
            }
        }
        // Each sync deletes what its own source lacks: the outer one would delete the inner one's data.
        for (const [otherName, other] of credentials) {
            const otherPrefix = prefixOf(other);
            if (other.role !== "sync" || other.remote !== sync.remote || otherPrefix === undefined || otherName <= syncName) continue;
            if (!overlaps(syncPrefix, otherPrefix)) continue;
            const [outer, inner] = syncPrefix.length <= otherPrefix.length ? [syncName, otherName] : [otherName, syncName];
            errors.push(`${configPath(["credentials", otherName, "prefix"])}: "${otherPrefix}" overlaps the prefix "${syncPrefix}" of ` +
                `sync credential "${syncName}" on remote "${String(sync.remote)}": a sync by "${outer}" would delete what "${inner}" ` +
                "mirrors; give the two sync credentials disjoint prefixes");
        }
    }
    return errors;
}

/** Equal or nested prefixes ("" contains every prefix). */
function overlaps(a: string, b: string): boolean {
    return a.startsWith(b) || b.startsWith(a);
}

/** How an environment leaves the production rules, for messages that enforce them. */
const OPT_OUT = `(an environment that is torn down and rebuilt, like staging, opts out with ${CONFIG_NAMESPACE}:tier: test)`;

export function configPath(path: readonly PropertyKey[]): string {
    let out = CONFIG_NAMESPACE;
    path.forEach((p, i) => {
        if (typeof p === "number") out += `[${p}]`;
        else out += (i === 0 ? ":" : ".") + String(p);
    });
    return out;
}
