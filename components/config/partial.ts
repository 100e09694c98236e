/**
 * The environment's config parsed once, as far as it parses. Every top-level
 * key, remote, credential, host key and list of key generations is parsed by
 * its own schema: what parses is kept (defaults filled in), what does not is
 * reported once, with its path. The cross-field rules read only this partial
 * spec, never the raw config, so a bad value in one key neither hides nor
 * garbles a problem in another; once nothing is reported, the partial spec is
 * complete and becomes the EnvironmentSpec (schema.ts).
 */
import { z } from "zod";
import { ENVIRONMENT_PATTERN, TIERS, hostNameSchema, isRecord, unknownKeysMessage, type Tier } from "../config-fields";
import type { Role } from "../permissions/roles";
import type { ConfigProblem, PartialSettings, ProviderFacts, RemoteConfigBase } from "../providers/profile";
import type { ProviderRegistry } from "../providers/registry";
import type { RotationSpec } from "../rotation/generations";
import { credentialSchema, type CredentialConfig } from "./credential";
import type { PartialHostAddresses } from "./host-addresses-schema";
import { hostAddressesSchema, hostCidrListSchema } from "./host-addresses-schema";
import { ageRecipientSchema, breakGlassKeysSchema, hostKeysSchema } from "./host-keys-schema";
import {
    DEFAULT_GRACE_DAYS,
    generationListSchema,
    hostGenerationsSchema,
    identityQuotasSchema,
    keyGenerationsSchema,
    keyRotationSchema,
    rotationSpec,
} from "./rotation";

export interface PartialRemote {
    readonly name: string;
    /** The profile its `provider` names; absent when it names none (reported). */
    readonly profile?: ProviderFacts;
    /** The bucket name when it is a string, whatever the provider's naming rules say: its words are an environment rule. */
    readonly bucket?: string;
    /** Every setting that parsed by the profile's schema, defaults filled in. */
    readonly settings: PartialSettings<RemoteConfigBase>;
    /** Settings written with a problem of their own (reported): set, though absent from `settings`. */
    readonly invalid: readonly string[];
    /** The whole remote as its profile parsed it, when every setting is valid. */
    readonly config?: RemoteConfigBase;
}

export interface PartialCredential {
    readonly name: string;
    readonly role?: Role;
    readonly remote?: string;
    /** Normalised ("" or "a/b/"). */
    readonly prefix?: string;
    /** The hosts whose names are valid, each once (so rules about hosts still run when one host is bad). */
    readonly hosts: readonly string[];
    readonly maxKeyAgeDays?: number;
    /** The whole credential, when every setting is valid. */
    readonly config?: CredentialConfig;
}

export interface PartialHostKeys {
    /** Every host hostKeys names, its key valid or not. */
    readonly hosts: readonly string[];
    /** host → its recipient, for the keys that are valid. */
    readonly keys: ReadonlyMap<string, string>;
}

export interface PartialSpec {
    readonly environment?: string;
    /** `test` only when the key says so and parses: anything else is production, so a typo never weakens a stack. */
    readonly tier: Tier;
    readonly protectBuckets?: boolean;
    readonly remotes: readonly PartialRemote[];
    readonly credentials: readonly PartialCredential[];
    /** Absent: no hostKeys (sealing off); "invalid": hostKeys is not a map (reported; its rules cannot run). */
    readonly hostKeys?: PartialHostKeys | "invalid";
    /** Absent: no hostAddresses (every key works from any address); "invalid": not a map (reported). */
    readonly hostAddresses?: PartialHostAddresses | "invalid";
    /** As written: each valid key, undefined where a key has a problem of its own; absent when the key is not set. */
    readonly breakGlassKeys?: readonly (string | undefined)[];
    /** Key rotation from the parts that parsed (generation lists with problems left out). */
    readonly rotation: RotationSpec;
    /** The hosts each keyGenerations entry names, its generations valid or not. */
    readonly generationHosts: ReadonlyMap<string, readonly string[]>;
    /** The provider names identityQuotas lists. */
    readonly quotaProviders: readonly string[];
}

type Raw = Readonly<Record<string, unknown>>;
type Path = readonly (string | number)[];

const environmentSchema = z
    .string({ error: "environment is required and must equal the stack name" })
    .regex(ENVIRONMENT_PATTERN, { error: "environment must be 2-16 lowercase letters and digits, starting with a letter" });
const tierSchema = z.enum(TIERS, { error: 'tier must be "production" (the default) or "test"' }).default("production");
/** Engine-level deletion protection of buckets; may only be turned off in the test tier. */
const protectBucketsSchema = z.boolean({ error: "protectBuckets must be true or false" }).default(true);
const remotesSchema = z.record(z.string(), z.unknown(), { error: "remotes must map remote names to remote settings" });
const credentialsSchema = z.record(z.string(), z.unknown(), { error: "credentials must map credential names to credential settings" });

/** The top-level keys of the namespace, in the order their problems are listed. */
export const TOP_LEVEL_KEYS = [
    "environment",
    "tier",
    "protectBuckets",
    "remotes",
    "credentials",
    "hostKeys",
    "breakGlassKeys",
    "hostAddresses",
    "keyRotation",
    "keyGenerations",
    "identityQuotas",
] as const;

/** Collects problems with their paths while pieces are parsed. */
class Problems {
    readonly list: ConfigProblem[] = [];
    add(path: Path, message: string): void {
        this.list.push({ path, message });
    }
    /** `value` parsed by `schema`, or undefined with its issues added below `path`. */
    parse<T>(schema: z.ZodType<T>, value: unknown, path: Path): T | undefined {
        const r = schema.safeParse(value);
        if (r.success) return r.data;
        this.issues(r.error.issues, path);
        return undefined;
    }
    issues(issues: readonly z.core.$ZodIssue[], path: Path): void {
        for (const issue of issues) this.add([...path, ...issue.path.map(pathKey)], issue.message);
    }
    /** The entries of a map-valued key, or undefined with `schema`'s message when it is not a map. */
    entries(schema: z.ZodType, value: unknown, path: Path): [string, unknown][] | undefined {
        if (isRecord(value)) return Object.entries(value);
        this.parse(schema, value, path);
        return undefined;
    }
}

function pathKey(p: PropertyKey): string | number {
    return typeof p === "number" ? p : String(p);
}

/**
 * The settings of `raw` that `schema`'s own field schemas accept, each parsed
 * (defaults filled in); of a nested mapping with a problem, the settings in
 * it that parse (so `tokens.expiresOn` is read when `tokens.allowedIps` is
 * wrong). None for a schema that is not an object.
 */
export function parsedFields<T extends object>(schema: z.ZodType<T, unknown>, raw: Raw): PartialSettings<T> {
    // Each value is the output of T's own schema for its key, or the parsed part of a nested mapping.
    return fieldsOf(schema, raw) as PartialSettings<T>;
}

function fieldsOf(schema: z.ZodType, raw: Raw): Record<string, unknown> {
    const object = objectOf(schema);
    if (object === undefined) return {};
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(object.shape as Record<string, z.ZodType>)) {
        const r = field.safeParse(raw[key]);
        if (r.success) {
            if (r.data !== undefined) out[key] = r.data;
        } else {
            const value = raw[key];
            const nested = isRecord(value) ? fieldsOf(field, value) : {};
            if (Object.keys(nested).length > 0) out[key] = nested;
        }
    }
    return out;
}

/** The object schema inside optional/default wrappers, if there is one. */
function objectOf(schema: z.ZodType): z.ZodObject | undefined {
    if (schema instanceof z.ZodObject) return schema;
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) return objectOf(schema.unwrap() as z.ZodType);
    return undefined;
}

function partialRemote(name: string, raw: unknown, registry: ProviderRegistry, problems: Problems): PartialRemote {
    const path = ["remotes", name];
    if (!isRecord(raw)) {
        problems.add(path, "must map setting names to values (provider, bucket, …)");
        return { name, settings: {}, invalid: [] };
    }
    const bucket = typeof raw.bucket === "string" ? raw.bucket : undefined;
    const profile = typeof raw.provider === "string" ? registry.find(raw.provider) : undefined;
    if (!profile) {
        problems.add([...path, "provider"], `provider must be one of ${registry.names.map((p) => `"${p}"`).join(", ")}`);
        return { name, ...(bucket !== undefined ? { bucket } : {}), settings: {}, invalid: [] };
    }
    const parsed = profile.remoteSchema.safeParse(raw);
    if (parsed.success) return { name, profile, bucket: parsed.data.bucket, settings: parsed.data, invalid: [], config: parsed.data };
    problems.issues(parsed.error.issues, path);
    const invalid = [...new Set(parsed.error.issues.map((i) => i.path[0]).filter((k): k is string => typeof k === "string"))];
    return { name, profile, ...(bucket !== undefined ? { bucket } : {}), settings: parsedFields(profile.remoteSchema, raw), invalid };
}

function partialCredential(name: string, raw: unknown, problems: Problems): PartialCredential {
    const config = problems.parse(credentialSchema, raw, ["credentials", name]);
    if (config !== undefined) return { ...config, name, config };
    if (!isRecord(raw)) return { name, hosts: [] };
    const fields = parsedFields(credentialSchema, raw);
    const valid = Array.isArray(raw.hosts) ? raw.hosts.filter((h): h is string => hostNameSchema.safeParse(h).success) : [];
    return { ...fields, name, hosts: fields.hosts ?? [...new Set(valid)] };
}

function partialHostKeys(value: unknown, problems: Problems): PartialHostKeys | "invalid" | undefined {
    if (value === undefined) return undefined;
    const entries = problems.entries(hostKeysSchema, value, ["hostKeys"]);
    if (entries === undefined) return "invalid";
    const keys = new Map<string, string>();
    for (const [host, key] of entries) {
        const recipient = problems.parse(ageRecipientSchema, key, ["hostKeys", host]);
        if (recipient !== undefined) keys.set(host, recipient);
    }
    return { hosts: entries.map(([h]) => h), keys };
}

function partialHostAddresses(value: unknown, problems: Problems): PartialHostAddresses | "invalid" | undefined {
    if (value === undefined) return undefined;
    const entries = problems.entries(hostAddressesSchema, value, ["hostAddresses"]);
    if (entries === undefined) return "invalid";
    const addresses = new Map<string, readonly string[]>();
    for (const [host, list] of entries) {
        const parsed = problems.parse(hostCidrListSchema, list, ["hostAddresses", host]);
        if (parsed !== undefined) addresses.set(host, parsed);
    }
    return { hosts: entries.map(([h]) => h), addresses };
}

function partialBreakGlassKeys(value: unknown, problems: Problems): (string | undefined)[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
        problems.parse(breakGlassKeysSchema, value, ["breakGlassKeys"]);
        return [];
    }
    return value.map((key, i) => problems.parse(ageRecipientSchema, key, ["breakGlassKeys", i]));
}

type Generations = Record<string, Record<string, z.infer<typeof generationListSchema>>>;

function partialGenerations(value: unknown, problems: Problems): { generations: Generations; hosts: Map<string, readonly string[]> } {
    const generations: Generations = {};
    const hosts = new Map<string, readonly string[]>();
    for (const [credential, byHost] of value === undefined ? [] : (problems.entries(keyGenerationsSchema, value, ["keyGenerations"]) ?? [])) {
        const listed = problems.entries(hostGenerationsSchema, byHost, ["keyGenerations", credential]) ?? [];
        hosts.set(
            credential,
            listed.map(([h]) => h),
        );
        generations[credential] = {};
        for (const [host, list] of listed) {
            const parsed = problems.parse(generationListSchema, list, ["keyGenerations", credential, host]);
            if (parsed !== undefined) generations[credential][host] = parsed;
        }
    }
    return { generations, hosts };
}

/** The config (keys without the namespace) as far as it parses, and every problem a single key has on its own. */
export function partialSpec(raw: Raw, registry: ProviderRegistry): { spec: PartialSpec; problems: ConfigProblem[] } {
    const problems = new Problems();
    const environment = problems.parse(environmentSchema, raw.environment, ["environment"]);
    const tier = problems.parse(tierSchema, raw.tier, ["tier"]) ?? "production";
    const protectBuckets = problems.parse(protectBucketsSchema, raw.protectBuckets, ["protectBuckets"]);
    const remoteEntries = problems.entries(remotesSchema, raw.remotes, ["remotes"]);
    if (remoteEntries?.length === 0) problems.add(["remotes"], "must define at least one remote");
    const remotes = (remoteEntries ?? []).map(([name, r]) => partialRemote(name, r, registry, problems));
    const credentials = (raw.credentials === undefined ? [] : (problems.entries(credentialsSchema, raw.credentials, ["credentials"]) ?? [])).map(([name, c]) =>
        partialCredential(name, c, problems),
    );
    const hostKeys = partialHostKeys(raw.hostKeys, problems);
    const breakGlassKeys = partialBreakGlassKeys(raw.breakGlassKeys, problems);
    const hostAddresses = partialHostAddresses(raw.hostAddresses, problems);
    const keyRotation = problems.parse(keyRotationSchema, raw.keyRotation, ["keyRotation"]) ?? { graceDays: DEFAULT_GRACE_DAYS };
    const { generations, hosts: generationHosts } = partialGenerations(raw.keyGenerations, problems);
    const identityQuotas = problems.parse(identityQuotasSchema, raw.identityQuotas, ["identityQuotas"]) ?? {};
    const unknown = Object.keys(raw).filter((k) => !(TOP_LEVEL_KEYS as readonly string[]).includes(k));
    if (unknown.length) problems.add([], unknownKeysMessage(unknown, TOP_LEVEL_KEYS));

    const rotation = rotationSpec({
        keyRotation,
        keyGenerations: generations,
        identityQuotas,
        credentials: Object.fromEntries(credentials.map((c) => [c.name, { maxKeyAgeDays: c.maxKeyAgeDays }])),
    });
    const spec: PartialSpec = {
        environment,
        tier,
        protectBuckets,
        remotes,
        credentials,
        hostKeys,
        breakGlassKeys,
        hostAddresses,
        rotation,
        generationHosts,
        quotaProviders: isRecord(raw.identityQuotas) ? Object.keys(raw.identityQuotas) : [],
    };
    return { spec, problems: problems.list };
}
