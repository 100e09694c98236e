/**
 * zod schemas of the public stack outputs, for the tools that read them back
 * (post-deploy test, permission diff). Built from the model's own constants
 * and checked against the interfaces in outputs.ts, so a reader can never
 * accept a role, status or protection the model does not have.
 */
import { z } from "zod";
import type { CredentialKeys, PermissionEntry, RemoteSummary } from "./outputs";
import { CAPABILITY_STATUSES } from "./permissions/access";
import { DEVIATION_SUBJECTS } from "./permissions/effective";
import { EXPIRY_ACTIONS, LOCK_KINDS, LOCK_MODES, VERSIONING_STATES, type Protections } from "./permissions/protections";
import { CAPABILITIES, ROLES, type Capability } from "./permissions/roles";

/** Any registered provider's name; a reader that needs the profile looks it up and says when it is unknown. */
const provider = z.string().regex(/^[a-z0-9]+$/, { error: "provider must be a provider name such as \"aws\"" });
const role = z.enum(ROLES);
const status = z.enum(CAPABILITY_STATUSES);
const days = z.number().int().nonnegative();

export const remoteSummarySchema = z.object({
    section: z.string().min(1), hostSection: z.string().min(1), environment: z.string().min(1),
    credential: z.string().min(1), host: z.string().min(1), remote: z.string(), provider, role,
    bucket: z.string().min(1), prefix: z.string().regex(/^(|.+\/)$/, { error: "prefix must be \"\" or end with \"/\"" }),
    path: z.string(), endpoint: z.string(), region: z.string(), rcloneFlags: z.array(z.string()),
    generation: z.number().int().positive().optional(),
});

export const deviationSchema = z.object({
    id: z.string(), capability: z.enum(DEVIATION_SUBJECTS), description: z.string(), control: z.string(),
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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD" });

export const credentialKeysSchema = z.object({
    maxKeyAgeDays: days.optional(), graceDays: days.optional(), expiresBy: z.string().optional(),
    generations: z.array(z.object({
        host: z.string(), generation: z.number().int().positive(), issued: isoDate.optional(),
        expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, { error: "must be an RFC 3339 UTC time" }).optional(),
        current: z.boolean(),
    })),
});

export const permissionEntrySchema = z.object({
    environment: z.string(), credential: z.string(), provider, remote: z.string(), bucket: z.string(), prefix: z.string(),
    role, hosts: z.array(z.string()), intended: z.array(z.enum(CAPABILITIES)), grants: z.array(z.string()),
    effective: z.object(Object.fromEntries(CAPABILITIES.map((c) => [c, status])) as Record<Capability, typeof status>),
    prefixEnforced: z.boolean(),
    deviations: z.array(deviationSchema),
    protections: protectionsSchema,
    keys: credentialKeysSchema.optional(),
});

// Compile-time: what the schemas accept is what the program emits.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const remoteSummaryMatches: Same<z.infer<typeof remoteSummarySchema>["role"], RemoteSummary["role"]> = true;
const permissionEntryMatches: Same<keyof z.infer<typeof permissionEntrySchema>, keyof PermissionEntry> = true;
const protectionsMatch: Same<keyof z.infer<typeof protectionsSchema>, keyof Protections> = true;
const keysMatch: Same<keyof z.infer<typeof credentialKeysSchema>, keyof CredentialKeys> = true;
void keysMatch;
void remoteSummaryMatches;
void permissionEntryMatches;
void protectionsMatch;
