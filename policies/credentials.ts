/**
 * Who a credential resource is for: environment, credential, host, role,
 * bucket and prefix. AWS credentials say so in their IAM user's tags
 * (components/leaf.ts standardTags); keys and tokens without tags are matched
 * to the stack's `permissions` output by provider and bucket.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { z } from "zod";
import { stackOutputsSchema } from "../components/outputs-schema";
import type { PermissionEntry, ProviderName } from "../components/outputs";
import type { Role } from "../components/permissions/roles";
import { ROLES } from "../components/permissions/roles";
import { IAM_PATH_ROOT } from "../components/providers/aws/user-name";
import { MANAGED_BY } from "../components/tags";
import { STACK_TYPE, TAG, isKnown, known, ofType, str, tagsOf } from "./resources";
import { AWS_TYPES } from "../components/providers/aws/resources";

export interface CredentialIdentity {
    readonly environment?: string;
    readonly credential?: string;
    readonly host?: string;
    readonly role?: Role;
    readonly bucket?: string;
    readonly prefix?: string;
}

const isRole = (v: unknown): v is Role => typeof v === "string" && (ROLES as readonly string[]).includes(v);

export function identityFromTags(tags: Record<string, string>): CredentialIdentity {
    const role = tags[TAG.role];
    return {
        environment: tags[TAG.environment],
        credential: tags[TAG.credential],
        host: tags[TAG.host],
        ...(isRole(role) ? { role } : {}),
        bucket: tags[TAG.bucket],
        prefix: tags[TAG.prefix],
    };
}

/** The IAM user a UserPolicy / AccessKey / attachment belongs to. */
export function userOf(r: PolicyResource, users: readonly PolicyResource[]): PolicyResource | undefined {
    const viaDeps = (r.propertyDependencies.user ?? []).find((d) => users.includes(d));
    if (viaDeps) return viaDeps;
    const v = known(() => r.props.user);
    const name = isKnown(v) ? str(v) : undefined;
    if (name !== undefined) {
        const byName = users.find((u) => {
            const n = known(() => u.props.name);
            return isKnown(n) && n === name;
        });
        if (byName) return byName;
    }
    // Same component: the credential component parents its user, policy and key.
    const siblings = users.filter((u) => u.parent !== undefined && u.parent === r.parent);
    return siblings.length === 1 ? siblings[0] : undefined;
}

/** Backup-remotes IAM users: tagged managed-by backup-remotes, or under the backup IAM path. */
export function backupUsers(resources: readonly PolicyResource[]): PolicyResource[] {
    return ofType(resources, AWS_TYPES.user).filter((u) => {
        const path = known(() => u.props.path);
        return tagsOf(u.props)[TAG.managedBy] === MANAGED_BY || (isKnown(path) && String(path).startsWith(IAM_PATH_ROOT));
    });
}

/** The stack's outputs, from the root stack resource, when present and known. */
export function stackOutputs(resources: readonly PolicyResource[]): Record<string, unknown> | undefined {
    const stack = resources.find((r) => r.type === STACK_TYPE);
    return stack ? (stack.props as Record<string, unknown>) : undefined;
}

/** The public outputs the rules read, by the one declaration of their shapes. */
export const READ_OUTPUTS = { remotes: stackOutputsSchema.shape.remotes, permissions: stackOutputsSchema.shape.permissions } as const;
type ReadOutput = keyof typeof READ_OUTPUTS;

/**
 * One output as the rules read it: parsed with its schema; undefined when the stack has no such output, it is
 * not known yet (a preview) or it has another shape (the rule stack-outputs-shape reports that, once).
 */
export function parsedOutput<K extends ReadOutput>(resources: readonly PolicyResource[], name: K): z.infer<(typeof READ_OUTPUTS)[K]> | undefined {
    const out = stackOutputs(resources);
    if (!out) return undefined;
    const v = known(() => out[name]);
    if (!isKnown(v) || v === undefined) return undefined;
    const parsed = READ_OUTPUTS[name].safeParse(v);
    return parsed.success ? (parsed.data as z.infer<(typeof READ_OUTPUTS)[K]>) : undefined;
}

export function permissionEntries(resources: readonly PolicyResource[]): PermissionEntry[] | undefined {
    return parsedOutput(resources, "permissions");
}

/** Permission entries of a provider and bucket: the candidates for an untagged key or token. */
export function entriesFor(entries: readonly PermissionEntry[] | undefined, provider: ProviderName, bucket: string | undefined): PermissionEntry[] {
    return (entries ?? []).filter((e) => e.provider === provider && (bucket === undefined || e.bucket === bucket));
}
