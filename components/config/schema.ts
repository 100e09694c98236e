/**
 * The config of one environment (one stack): parsed once, as far as it
 * parses (partial.ts), then the rules across keys read that partial spec —
 * environments kept apart and credentials narrow (environment-rules.ts,
 * overlap.ts), sealing (host-keys.ts), host addresses (host-addresses.ts), rotation (rotation-rules.ts), every
 * identity (identity-rules.ts) and key dates against the clock
 * (key-dates.ts). Every problem is reported once and all at once, each with
 * its config key and what would be valid; only a config with none becomes an
 * EnvironmentSpec.
 */
import type { z } from "zod";
import { visible, type Tier } from "../config-fields";
import type { ConfigProblem, ProviderFacts, RemoteConfigBase } from "../providers/profile";
import { PROVIDERS, type ProviderRegistry } from "../providers/registry";
import type { RotationSpec } from "../rotation/generations";
import { identityUsage, quotaProblems, type IdentityUsage } from "../rotation/quota";
import type { credentialSchema } from "./credential";
import { environmentProblems } from "./environment-rules";
import { hostAddressesSpec, hostAddressProblems, type HostAddresses } from "./host-addresses";
import { sealingProblems, sealingSpec, type SealingSpec } from "./host-keys";
import { identityProblems } from "./identity-rules";
import { keyDateProblems, systemClock, type Clock } from "./key-dates";
import { CONFIG_NAMESPACE, namespaceProblems, readNamespaceConfig } from "./namespace";
import { overlapProblems } from "./overlap";
import { partialSpec, type PartialSpec } from "./partial";
import { rotationProblems } from "./rotation-rules";

export { CONFIG_NAMESPACE };

/** One remote: its name, its provider's profile and its config as that profile parsed it. */
export interface RemoteSpec {
    readonly name: string;
    readonly profile: ProviderFacts;
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
    /** host → the address ranges its keys work from (hostAddresses); a host absent here: any address. */
    readonly hostAddresses: HostAddresses;
    /** Key generations, maximum key age and identity quotas (config/rotation.ts). */
    readonly rotation: RotationSpec;
    /** Identities per provider account against its quota (rotation/quota.ts), counted once by the schema. */
    readonly identityUsage: readonly IdentityUsage[];
}

export type ParseResult = { ok: true; spec: EnvironmentSpec } | { ok: false; errors: string[] };

export interface ParseOptions {
    /**
     * What "now" is for the rules against the clock (the key in use expired, an issue date in the future, an R2
     * tokens.expiresOn passed); default the real time. `false` skips them: `npm run rotate` reads a config whose keys
     * have expired, which is what it is there to fix (the config it writes is checked with the clock).
     */
    readonly now?: Clock | false;
}

/** Validate the stack's config (keys without the namespace) for the stack `stack`. */
export function parseEnvironmentConfig(
    stack: string,
    raw: Readonly<Record<string, unknown>>,
    registry: ProviderRegistry = PROVIDERS,
    options: ParseOptions = {},
): ParseResult {
    if (Object.keys(raw).length === 0) {
        return {
            ok: false,
            errors: [
                `${CONFIG_NAMESPACE}: the stack's config has no ${CONFIG_NAMESPACE}:… keys; it needs at least ` +
                    `${CONFIG_NAMESPACE}:environment and ${CONFIG_NAMESPACE}:remotes (see Pulumi.staging.yaml)`,
            ],
        };
    }
    const now = options.now === false ? undefined : (options.now ?? systemClock)();
    const { spec, problems } = partialSpec(raw, registry);
    problems.push(
        ...environmentProblems(stack, spec, now),
        ...overlapProblems(spec),
        ...sealingProblems(spec),
        ...hostAddressProblems(spec),
        ...rotationProblems(stack, spec, registry),
        ...identityProblems(stack, spec),
        ...(now ? keyDateProblems(stack, spec, now) : []),
    );
    if (problems.length) return { ok: false, errors: messages(problems) };
    const complete = completeSpec(spec);
    // Counted on the complete spec: quotas are checked once everything else is valid.
    const usage = identityUsage(complete);
    const quota = quotaProblems(usage);
    return quota.length ? { ok: false, errors: messages(quota) } : { ok: true, spec: { ...complete, identityUsage: usage } };
}

/**
 * Validate a stack's whole config map (namespaced keys, values as Pulumi stores them): keys nearly in this
 * program's namespace are refused with the key that was meant, then the namespace is parsed.
 */
export function parseNamespacedConfig(
    stack: string,
    all: Readonly<Record<string, string>>,
    registry: ProviderRegistry = PROVIDERS,
    options: ParseOptions = {},
): ParseResult {
    const typos = namespaceProblems(Object.keys(all)).map(visible);
    const parsed = parseEnvironmentConfig(stack, readNamespaceConfig(all), registry, options);
    if (typos.length === 0) return parsed;
    return { ok: false, errors: [...typos, ...(parsed.ok ? [] : parsed.errors)] };
}

/** Each problem once, as "backup-remotes:<path>: <message>", with invisible characters made visible. */
function messages(problems: readonly ConfigProblem[]): string[] {
    return [...new Set(problems.map((p) => visible(`${configPath(p.path)}: ${p.message}`)))];
}

/** The spec of a partial spec with no problem left: every piece parsed. */
function completeSpec(p: PartialSpec): Omit<EnvironmentSpec, "identityUsage"> {
    const remotes: RemoteSpec[] = p.remotes.map((r) => ({ name: r.name, profile: parsed(r.profile), config: parsed(r.config) }));
    const byName = new Map(remotes.map((r) => [r.name, r]));
    const credentials = p.credentials.map((c) => {
        const config = parsed(c.config);
        return { name: c.name, role: config.role, remote: parsed(byName.get(config.remote)), prefix: config.prefix, hosts: config.hosts };
    });
    return {
        environment: parsed(p.environment),
        tier: p.tier,
        protectBuckets: parsed(p.protectBuckets),
        remotes,
        credentials,
        sealing: sealingSpec(p),
        hostAddresses: hostAddressesSpec(p),
        rotation: p.rotation,
    };
}

function parsed<T>(value: T | undefined): T {
    if (value === undefined) throw new Error("config schema: a config without problems left a key unparsed");
    return value;
}

export function configPath(path: readonly PropertyKey[]): string {
    let out = CONFIG_NAMESPACE;
    path.forEach((p, i) => {
        if (typeof p === "number") out += `[${p}]`;
        else out += (i === 0 ? ":" : ".") + String(p);
    });
    return out;
}
