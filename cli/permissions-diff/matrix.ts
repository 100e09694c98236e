/**
 * The permission matrix of one environment, read from an offline plan
 * (`npm run plan -- --stack <env> --json`): per credential what it can
 * really do and where (the `permissions` output, derived from the model),
 * per bucket its protections and whether Pulumi protects it (the plan's
 * resources). Pure: a plan in, a matrix out.
 */
import { z } from "zod";
import { CliError } from "../shared/cli-error";
import { zodProblems } from "../shared/zod-issues";
import type { KeyGenerationEntry, ProviderName } from "../../components/outputs";
import { credentialKeysSchema, deviationSchema, permissionEntrySchema, protectionsSchema } from "../../components/outputs-schema";
import type { CapabilityStatus } from "../../components/permissions/access";
import type { Protections } from "../../components/permissions/protections";
import type { Capability, Role } from "../../components/permissions/roles";
import { providerOfBucketComponent } from "../../components/providers/profile";
import { PROVIDERS } from "../../components/providers/registry";
import { keyResourcesOf, type KeyResource } from "./key-resources";

export interface CredentialFacts {
    readonly credential: string;
    readonly provider: ProviderName;
    readonly remote: string;
    readonly bucket: string;
    readonly prefix: string;
    readonly prefixEnforced: boolean;
    readonly role: Role;
    readonly hosts: readonly string[];
    readonly effective: Readonly<Record<Capability, CapabilityStatus>>;
    /** The provider grants issued; absent when the plan predates the field. */
    readonly grants?: readonly string[];
    /** Deviation id → the control that limits it. */
    readonly deviations: Readonly<Record<string, string>>;
    /** Key generations and expiry; absent: every host on generation 1, no expiry by age (also a base that predates rotation). */
    readonly keys?: KeyFacts;
}

export interface KeyFacts {
    /** maxKeyAgeDays + graceDays; absent: keys do not expire by age. */
    readonly maxKeyAgeDays?: number;
    readonly graceDays?: number;
    readonly generations: readonly Pick<KeyGenerationEntry, "host" | "generation" | "issued" | "expiresOn">[];
}

/**
 * A base commit older than structured protections published them as
 * sentences; such a side cannot be compared by value.
 */
export type LegacyProtections = readonly string[];

export interface BucketState {
    readonly remote: string;
    readonly provider: string;
    /** Known when a credential uses the bucket (the permissions output names it). */
    readonly bucket?: string;
    /** Protections in force; undefined when no credential uses the bucket. */
    readonly protections?: Protections | LegacyProtections;
    /** Every resource of the bucket is `protect`ed in Pulumi (cannot be deleted by `pulumi up`). */
    readonly pulumiProtected: boolean;
    /** The bucket itself is kept in the cloud when removed from the stack. */
    readonly retainOnDelete: boolean;
}

export interface PermissionMatrix {
    readonly environment: string;
    readonly credentials: Readonly<Record<string, CredentialFacts>>;
    readonly buckets: Readonly<Record<string, BucketState>>;
    /** The credential resources with their inputs, by type and name; absent when the plan records no inputs. */
    readonly keyResources?: Readonly<Record<string, KeyResource>>;
}

// A subset of the output: a base commit's code may predate later fields.
const permissionEntry = permissionEntrySchema
    .pick({
        environment: true,
        credential: true,
        provider: true,
        remote: true,
        bucket: true,
        prefix: true,
        role: true,
        hosts: true,
        effective: true,
        prefixEnforced: true,
        protections: true,
    })
    .extend({
        grants: z.array(z.string()).optional(),
        keys: credentialKeysSchema.optional(),
        deviations: z.array(deviationSchema.pick({ id: true, control: true })),
        protections: z.union([protectionsSchema, z.array(z.string())]),
    });
const planJson = z.object({
    stack: z.string(),
    resources: z.array(
        z.object({
            type: z.string(),
            name: z.string(),
            parent: z.string().nullable(),
            urn: z.string(),
            protect: z.boolean(),
            retainOnDelete: z.boolean(),
            inputs: z.unknown().optional(),
            ignoreChanges: z.array(z.string()).optional(),
        }),
    ),
    outputs: z.object({ permissions: z.array(permissionEntry) }),
});

export function matrixFromPlan(plan: unknown, origin: string): PermissionMatrix {
    const parsed = planJson.safeParse(plan);
    if (!parsed.success) {
        throw new CliError(`${origin}: the plan JSON is not the shape this diff reads (${zodProblems(parsed.error)})`);
    }
    const { resources, outputs } = parsed.data;

    const credentials: Record<string, CredentialFacts> = {};
    const protectionsByRemote = new Map<string, { bucket: string; protections: Protections | LegacyProtections }>();
    for (const p of outputs.permissions) {
        credentials[p.credential] = {
            credential: p.credential,
            provider: p.provider,
            remote: p.remote,
            bucket: p.bucket,
            prefix: p.prefix,
            prefixEnforced: p.prefixEnforced,
            role: p.role,
            hosts: [...p.hosts].sort(),
            effective: p.effective,
            ...(p.grants ? { grants: [...p.grants] } : {}),
            deviations: Object.fromEntries(p.deviations.map((d) => [d.id, d.control])),
            ...(p.keys ? { keys: keyFacts(p.keys) } : {}),
        };
        protectionsByRemote.set(p.remote, { bucket: p.bucket, protections: p.protections });
    }

    const buckets: Record<string, BucketState> = {};
    for (const component of resources) {
        const provider = providerOfBucketComponent(component.type);
        if (provider === undefined) continue;
        const children = resources.filter((r) => r.parent === component.urn);
        const known = protectionsByRemote.get(component.name);
        buckets[component.name] = {
            remote: component.name,
            provider,
            ...(known ? { bucket: known.bucket, protections: known.protections } : {}),
            pulumiProtected: children.length > 0 && children.every((r) => r.protect),
            retainOnDelete: children.some((r) => r.retainOnDelete),
        };
    }
    const keyResources = keyResourcesOf(resources, PROVIDERS);
    return { environment: parsed.data.stack, credentials, buckets, ...(keyResources ? { keyResources } : {}) };
}

function keyFacts(keys: z.infer<typeof credentialKeysSchema>): KeyFacts {
    return {
        ...(keys.maxKeyAgeDays !== undefined ? { maxKeyAgeDays: keys.maxKeyAgeDays } : {}),
        ...(keys.graceDays !== undefined ? { graceDays: keys.graceDays } : {}),
        generations: keys.generations.map(({ host, generation, issued, expiresOn }) => ({
            host,
            generation,
            ...(issued !== undefined ? { issued } : {}),
            ...(expiresOn !== undefined ? { expiresOn } : {}),
        })),
    };
}

export const EMPTY_MATRIX = (environment: string): PermissionMatrix => ({ environment, credentials: {}, buckets: {} });
