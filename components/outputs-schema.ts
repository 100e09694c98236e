/**
 * The stack outputs, declared once: these zod schemas are the shapes the
 * program emits (components/outputs.ts takes its types from them) and what
 * every consumer parses with (post-deploy test, pull-config, permission diff,
 * policy pack). Built from the model's own constants, so a reader can never
 * accept a role, status or protection the model does not have.
 *
 *   rcloneConfig (secret)  INI text with every section of the environment,
 *                          one per (credential, host), named `<env>-<credential>.<host>`.
 *   hosts (secret)         host → its sections only, named `<env>-<credential>`
 *                          (the same name on every host, so one job definition serves a fleet).
 *   remotes (public)       a remote summary per section of rcloneConfig.
 *   permissions (public)   a permission entry per credential (with its hosts' addresses, when listed).
 *   sealedHosts (public)   only with hostKeys: host → ASCII-armored age file of that
 *                          host's file (components/rclone/host-file.ts), sealed to its key.
 *   retiringConfig (secret) INI text of the generations a rotation is replacing, under
 *                          the same section names; present only while a rotation overlaps.
 */
import { z } from "zod";
import { CAPABILITY_STATUSES } from "./permissions/access";
import { DEVIATION_SUBJECTS, type Deviation } from "./permissions/effective";
import { EXPIRY_ACTIONS, LOCK_KINDS, LOCK_MODES, VERSIONING_STATES, type Protections } from "./permissions/protections";
import { CAPABILITIES, ROLES, type Capability } from "./permissions/roles";
import { isCidr } from "./network/cidr";
import type { RcloneSection } from "./rclone/section";

/** Any registered provider's name; a reader that needs the profile looks it up and says when it is unknown. */
const provider = z.string().regex(/^[a-z0-9]+$/, { error: 'provider must be a provider name such as "aws"' });
const role = z.enum(ROLES);
const status = z.enum(CAPABILITY_STATUSES);
const days = z.number().int().nonnegative();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD" });
const utcInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, { error: "must be an RFC 3339 UTC time" });

export const rcloneSectionSchema = z.object({
    name: z.string().min(1),
    /** Option key → value, in output order (`type` first). */
    options: z.record(z.string(), z.string()),
});

/** One host's part of the `hosts` output: its sections in the order written to its rclone.conf. */
export const hostConfigSchema = z.object({ sections: z.array(rcloneSectionSchema) });
export const hostsOutputSchema = z.record(z.string(), hostConfigSchema);

export const remoteSummarySchema = z.object({
    /** Name of the section in `rcloneConfig` (`<env>-<credential>.<host>`). */
    section: z.string().min(1),
    /** Name of the same section in the host's own file (`<env>-<credential>`). */
    hostSection: z.string().min(1),
    environment: z.string().min(1),
    credential: z.string().min(1),
    host: z.string().min(1),
    remote: z.string(),
    provider,
    role,
    bucket: z.string().min(1),
    /** Normalised prefix: "" (whole bucket) or "a/b/". */
    prefix: z.string().regex(/^(|.+\/)$/, { error: 'prefix must be "" or end with "/"' }),
    /** `bucket/prefix` as rclone addresses it after `<section>:`. */
    path: z.string(),
    endpoint: z.string(),
    region: z.string(),
    /** rclone command-line flags the role needs, e.g. `--ignore-existing` for copy (a key that cannot read). */
    rcloneFlags: z.array(z.string()),
    /** The key generation this section holds; absent means generation 1 (no `keyGenerations` for it). */
    generation: z.number().int().positive().optional(),
});

export const deviationSchema = z.object({
    id: z.string(),
    capability: z.enum(DEVIATION_SUBJECTS),
    description: z.string(),
    control: z.string(),
});

export const protectionsSchema = z.object({
    versioning: z.object({ state: z.enum(VERSIONING_STATES), noncurrentDays: days.optional() }),
    expiry: z.object({ action: z.enum(EXPIRY_ACTIONS), afterDays: days, dataGoneAfterDays: days }).optional(),
    locks: z.array(z.object({ kind: z.enum(LOCK_KINDS), mode: z.enum(LOCK_MODES).optional(), days, prefixes: z.array(z.string()) })),
    abortIncompleteUploadsDays: days,
    transitions: z.array(z.object({ afterDays: days, storageClass: z.string() })),
    encryption: z.string(),
    publicAccess: z.enum(["blocked", "private"]).optional(),
    tlsOnly: z.boolean(),
    jurisdiction: z.string().optional(),
    summary: z.array(z.string()),
});

/** One generation of one host's key. */
export const keyGenerationEntrySchema = z.object({
    host: z.string(),
    generation: z.number().int().positive(),
    /** YYYY-MM-DD; absent for a key made before rotation existed. */
    issued: isoDate.optional(),
    /** The instant the key stops working; absent: it does not expire. */
    expiresOn: utcInstant.optional(),
    /** Whether the outputs carry this generation (the newest of its host). */
    current: z.boolean(),
});

/** A credential's keys: their generations and what makes them expire. */
export const credentialKeysSchema = z.object({
    /** The maximum age that applies (credential's own, else the environment's); absent: keys do not expire by age. */
    maxKeyAgeDays: days.optional(),
    graceDays: days.optional(),
    /** How the provider enforces the expiry, in words. */
    expiresBy: z.string().optional(),
    generations: z.array(keyGenerationEntrySchema),
});

/** One host's address ranges: its keys of this credential work only from them. */
export const hostAddressEntrySchema = z.object({
    host: z.string(),
    cidrs: z.array(z.string().refine(isCidr, { error: "must be an IPv4 or IPv6 CIDR" })).min(1),
});

/** Where a credential's keys work from, per host; only the hosts hostAddresses lists (the others: any address). */
export const credentialAddressesSchema = z.object({
    /** How the provider enforces them, in words; absent: it cannot (a deviation `any-address` says so). */
    enforcedBy: z.string().optional(),
    hosts: z.array(hostAddressEntrySchema),
});

export const permissionEntrySchema = z.object({
    environment: z.string(),
    credential: z.string(),
    provider,
    remote: z.string(),
    bucket: z.string(),
    prefix: z.string(),
    role,
    hosts: z.array(z.string()),
    /** What the role is meant to do. */
    intended: z.array(z.enum(CAPABILITIES)),
    /**
     * The provider grants each of its identities holds (IAM actions, B2 capabilities, an R2 permission group);
     * a grant issued only under a condition says so (`s3:PutObjectAcl if s3:x-amz-acl is bucket-owner-full-control`).
     */
    grants: z.array(z.string()),
    /** What the credential can really do on that provider. */
    effective: z.object(Object.fromEntries(CAPABILITIES.map((c) => [c, status])) as Record<Capability, typeof status>),
    /** Whether the provider enforces the prefix (false: the whole bucket is reachable). */
    prefixEnforced: z.boolean(),
    deviations: z.array(deviationSchema),
    /** The bucket's protections, as values (versioning, expiry, locks, …) with a summary in words. */
    protections: protectionsSchema,
    /** Present when the config lists generations or a maximum key age applies; absent: generation 1 everywhere, no expiry. */
    keys: credentialKeysSchema.optional(),
    /** Present when a host of the credential lists addresses (hostAddresses); absent: every key works from any address. */
    addresses: credentialAddressesSchema.optional(),
});

/** host → the ASCII-armored age file sealed to that host's keys. */
export const sealedHostsSchema = z.record(z.string(), z.string().startsWith("-----BEGIN AGE ENCRYPTED FILE-----"));

/** Every stack output, as `pulumi stack output --json --show-secrets` prints them. */
export const stackOutputsSchema = z.object({
    rcloneConfig: z.string(),
    hosts: hostsOutputSchema,
    remotes: z.array(remoteSummarySchema),
    permissions: z.array(permissionEntrySchema),
    sealedHosts: sealedHostsSchema.optional(),
    retiringConfig: z.string().optional(),
});

/** The inferred shape, read-only all the way down (the outputs are never edited once made). */
export type Frozen<T> = T extends readonly (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

// Compile-time: the model's own types are exactly what these schemas accept.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const protectionsMatch: Same<Frozen<z.infer<typeof protectionsSchema>>, Frozen<Protections>> = true;
const deviationMatches: Same<Frozen<z.infer<typeof deviationSchema>>, Frozen<Deviation>> = true;
const sectionMatches: Same<Frozen<z.infer<typeof rcloneSectionSchema>>, Frozen<RcloneSection>> = true;
void protectionsMatch;
void deviationMatches;
void sectionMatches;
