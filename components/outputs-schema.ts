/**
 * zod schemas of the public stack outputs, for the tools that read them back
 * (post-deploy test, permission diff). Built from the model's own constants
 * and checked against the interfaces in outputs.ts, so a reader can never
 * accept a role, provider or status the model does not have.
 */
import { z } from "zod";
import { PROVIDER_NAMES, type PermissionEntry, type RemoteSummary } from "./outputs";
import { CAPABILITY_STATUSES, DEVIATION_SUBJECTS } from "./permissions/effective";
import { CAPABILITIES, ROLES, type Capability } from "./permissions/roles";

const provider = z.enum(PROVIDER_NAMES);
const role = z.enum(ROLES);
const status = z.enum(CAPABILITY_STATUSES);

export const remoteSummarySchema = z.object({
    section: z.string().min(1), hostSection: z.string().min(1), environment: z.string().min(1),
    credential: z.string().min(1), host: z.string().min(1), remote: z.string(), provider, role,
    bucket: z.string().min(1), prefix: z.string().regex(/^(|.+\/)$/, { error: "prefix must be \"\" or end with \"/\"" }),
    path: z.string(), endpoint: z.string(), region: z.string(), rcloneFlags: z.array(z.string()),
});

export const deviationSchema = z.object({
    id: z.string(), capability: z.enum(DEVIATION_SUBJECTS), description: z.string(), control: z.string(),
});

export const permissionEntrySchema = z.object({
    environment: z.string(), credential: z.string(), provider, remote: z.string(), bucket: z.string(), prefix: z.string(),
    role, hosts: z.array(z.string()), intended: z.array(z.enum(CAPABILITIES)),
    effective: z.object(Object.fromEntries(CAPABILITIES.map((c) => [c, status])) as Record<Capability, typeof status>),
    prefixEnforced: z.boolean(),
    deviations: z.array(deviationSchema),
    protections: z.array(z.string()),
});

// Compile-time: what the schemas accept is what the program emits.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const remoteSummaryMatches: Same<z.infer<typeof remoteSummarySchema>["role"], RemoteSummary["role"]> = true;
const permissionEntryMatches: Same<keyof z.infer<typeof permissionEntrySchema>, keyof PermissionEntry> = true;
void remoteSummaryMatches;
void permissionEntryMatches;
