/**
 * Cloudflare R2 rules, on the property names of @pulumi/cloudflare v6: every
 * bucket has a lifecycle; every prefix a credential can write to but must not
 * delete from (copy: R2's Item Write group also deletes) is covered by a lock
 * rule; tokens reach exactly one bucket of the stack with one of the two
 * bucket-item permission groups.
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import type { PermissionEntry } from "../../components/outputs";
import { effectiveOfGrants, grantsForRole } from "../../components/permissions/access";
import type { Role } from "../../components/permissions/roles";
import { roleAllows } from "../../components/permissions/roles";
import {
    KNOWN_R2_GROUP_IDS,
    R2_ACCESS,
    R2_ITEM_READ,
    R2_ITEM_WRITE,
    parseR2BucketResourceKey,
    r2BucketResourceKey,
    r2PermissionGroup,
} from "../../components/providers/r2/access";
import { R2 } from "../../components/providers/r2/schema";
import { entriesFor, permissionEntries } from "../credentials";
import type { RuleContext, StackRule } from "../rule";
import { bucketName, bucketNameKey, isKnown, known, ofType, referencedBucket } from "../resources";
import { R2_TYPES } from "../../components/providers/r2/resources";
import { isRecord } from "../../components/config-fields";

type Props = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The R2 resources of `type` that configure `bucket` (by dependency or bucketName). */
function configsOf(resources: readonly PolicyResource[], type: string, bucket: PolicyResource, buckets: PolicyResource[]): PolicyResource[] {
    return ofType(resources, type).filter((c) => referencedBucket(c, "bucketName", buckets) === bucket);
}

export const r2BucketLifecycle: StackRule = {
    kind: "stack",
    name: "r2-bucket-lifecycle",
    description: "Every R2 bucket has a lifecycle with at least one enabled rule.",
    check(resources, ctx) {
        const buckets = ofType(resources, R2_TYPES.bucket);
        for (const bucket of buckets) {
            const lifecycles = configsOf(resources, R2_TYPES.lifecycle, bucket, buckets);
            const rules = lifecycles.map((l) => known(() => l.props.rules));
            if (!rules.every(isKnown)) continue;
            if (
                !rules
                    .flatMap(list)
                    .filter(isRecord)
                    .some((r) => r.enabled === true)
            ) {
                ctx.report(
                    lifecycles[0] ?? bucket,
                    "has no enabled lifecycle rule",
                    `add a cloudflare.R2BucketLifecycle for ${bucketName(bucket) ?? bucket.name} with an enabled rule (e.g. abortMultipartUploadsTransition after 7 days)`,
                );
            }
        }
    },
};

/** Whether the role's R2 token can delete although the role must not (what its group really allows). */
function deletesBeyondRole(role: Role): boolean {
    return !roleAllows(role, "delete") && effectiveOfGrants(R2_ACCESS, grantsForRole(R2_ACCESS, role)).delete !== "denied";
}

export const r2CopyPrefixLock: StackRule = {
    kind: "stack",
    name: "r2-copy-prefix-lock",
    description: "On R2, every prefix a credential writes to without the right to delete (copy) is covered by an enabled bucket lock rule.",
    check(resources, ctx) {
        const buckets = ofType(resources, R2_TYPES.bucket);
        for (const entry of entriesFor(permissionEntries(resources), R2, undefined)) {
            if (!deletesBeyondRole(entry.role)) continue;
            const bucket = buckets.find((b) => bucketName(b) === entry.bucket);
            if (!bucket) continue; // no-cross-environment-reference names a bucket outside the stack.
            const locks = configsOf(resources, R2_TYPES.lock, bucket, buckets);
            const rules = locks.map((l) => known(() => l.props.rules));
            if (!rules.every(isKnown)) continue;
            const covered = rules
                .flatMap(list)
                .filter(isRecord)
                .some((r) => r.enabled === true && entry.prefix.startsWith(typeof r.prefix === "string" ? r.prefix : ""));
            if (!covered) {
                ctx.report(
                    locks[0] ?? bucket,
                    `no enabled lock rule covers prefix "${entry.prefix}" of ${entry.role} credential "${entry.credential}", ` +
                        "whose token can delete and overwrite (R2 Item Write)",
                    `add a cloudflare.R2BucketLock rule { prefix: "${entry.prefix}", enabled: true, condition: { type: "Age", maxAgeSeconds: <retention> } } on ${entry.bucket}`,
                );
            }
        }
    },
};

/** Pack config of the policies that read R2 permission groups. */
export const R2_GROUP_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        itemReadPermissionGroupId: { type: "string", default: KNOWN_R2_GROUP_IDS[R2_ITEM_READ], description: `ID of "${R2_ITEM_READ}"` },
        itemWritePermissionGroupId: { type: "string", default: KNOWN_R2_GROUP_IDS[R2_ITEM_WRITE], description: `ID of "${R2_ITEM_WRITE}"` },
    },
};

/** The permission entry of a token: by credential name in the token's name, else the only candidate of its bucket. */
export function entryOfToken(token: PolicyResource, candidates: readonly PermissionEntry[]): PermissionEntry | undefined {
    const name = known(() => token.props.name);
    const byName = candidates.filter(
        (c) => isKnown(name) && typeof name === "string" && (name.includes(`-${c.credential}-`) || name.endsWith(`-${c.credential}`)),
    );
    return byName.length === 1 ? byName[0] : candidates.length === 1 ? candidates[0] : undefined;
}

/** The bucket name and the permission-group ID of a token with one policy on one bucket, if it is that. */
export function tokenScope(token: PolicyResource): { bucket: string; groups: string[] } | undefined {
    const p = known(() => token.props.policies);
    if (!isKnown(p) || !Array.isArray(p) || p.length !== 1 || !isRecord(p[0])) return undefined;
    const policy = p[0];
    let scope: unknown;
    try {
        scope = typeof policy.resources === "string" ? JSON.parse(policy.resources) : policy.resources;
    } catch {
        return undefined;
    }
    const keys = isRecord(scope) ? Object.keys(scope) : [];
    const key = keys.length === 1 ? parseR2BucketResourceKey(keys[0]!) : undefined;
    if (!key) return undefined;
    return {
        bucket: key.bucket,
        groups: list(policy.permissionGroups)
            .filter(isRecord)
            .map((g) => String(g.id)),
    };
}

/** The group names of the token's group IDs under the pack config (or Cloudflare's defaults). */
export function groupIds(config: Record<string, unknown>): Record<string, string> {
    return {
        [R2_ITEM_READ]: typeof config.itemReadPermissionGroupId === "string" ? config.itemReadPermissionGroupId : KNOWN_R2_GROUP_IDS[R2_ITEM_READ],
        [R2_ITEM_WRITE]: typeof config.itemWritePermissionGroupId === "string" ? config.itemWritePermissionGroupId : KNOWN_R2_GROUP_IDS[R2_ITEM_WRITE],
    };
}

function tokenPolicies(token: PolicyResource, ctx: RuleContext): Props[] | undefined {
    const p = known(() => token.props.policies);
    if (!isKnown(p)) return undefined;
    if (!Array.isArray(p)) {
        ctx.report(token, "has no policies", "give the token exactly one policy for its bucket");
        return undefined;
    }
    return p.filter(isRecord);
}

export const r2TokenScope: StackRule = {
    kind: "stack",
    name: "r2-token-scope",
    description:
        "Every Cloudflare token of the stack is scoped to exactly one R2 bucket of the stack with only the Item Read or Item Write permission group, matching its role.",
    configSchema: R2_GROUP_CONFIG_SCHEMA,
    check(resources, ctx) {
        const buckets = ofType(resources, R2_TYPES.bucket);
        const entries = permissionEntries(resources);
        const ids = groupIds(ctx.config);
        for (const token of ofType(resources, R2_TYPES.apiToken, R2_TYPES.accountToken)) {
            const policies = tokenPolicies(token, ctx);
            if (!policies) continue;
            if (policies.length !== 1) {
                ctx.report(token, `has ${policies.length} policies`, "give the token exactly one policy for its bucket");
                continue;
            }
            const policy = policies[0]!;
            if (policy.effect !== "allow") ctx.report(token, `policy effect is ${JSON.stringify(policy.effect)}`, 'set effect to "allow"');
            let scope: unknown;
            try {
                scope = typeof policy.resources === "string" ? JSON.parse(policy.resources) : policy.resources;
            } catch {
                scope = undefined;
            }
            const keys = isRecord(scope) ? Object.keys(scope) : [];
            const key = keys.length === 1 ? parseR2BucketResourceKey(keys[0]!) : undefined;
            if (!key || !isRecord(scope) || scope[keys[0]!] !== "*") {
                ctx.report(
                    token,
                    `resources ${JSON.stringify(policy.resources)} is not exactly one R2 bucket`,
                    `set resources to JSON.stringify({ "${r2BucketResourceKey("<accountId>", "<jurisdiction>", "<bucket>")}": "*" }) (r2BucketResourceKey)`,
                );
                continue;
            }
            const bucketNameInKey = key.bucket;
            // A bucket whose name is not known yet (preview) may be the one: checked once it is.
            const namesKnown = buckets.every((b) => isKnown(known(() => b.props[bucketNameKey(b.type)])));
            if (namesKnown && !buckets.some((b) => bucketName(b) === bucketNameInKey)) {
                ctx.report(token, `is scoped to bucket "${bucketNameInKey}", which is not an R2 bucket of this stack`, "scope it to this environment's bucket");
            }
            const groups = list(policy.permissionGroups)
                .filter(isRecord)
                .map((g) => String(g.id));
            if (groups.length !== 1) {
                ctx.report(token, `has ${groups.length} permission groups`, `grant exactly one: "${R2_ITEM_READ}" or "${R2_ITEM_WRITE}"`);
                continue;
            }
            const entry = entryOfToken(token, entriesFor(entries, R2, bucketNameInKey));
            const groupName = Object.entries(ids).find(([, id]) => id === groups[0])?.[0];
            if (!groupName) {
                ctx.report(
                    token,
                    `permission group ${groups[0]} is neither "${R2_ITEM_READ}" (${ids[R2_ITEM_READ]}) nor "${R2_ITEM_WRITE}" (${ids[R2_ITEM_WRITE]})`,
                    "look the group up by name with the permission-groups data source (r2PermissionGroup(role)); " +
                        "if Cloudflare changed the IDs, set itemReadPermissionGroupId / itemWritePermissionGroupId in the pack config",
                );
            } else if (entry && groupName !== r2PermissionGroup(entry.role)) {
                ctx.report(
                    token,
                    `grants "${groupName}" but credential "${entry.credential}" is ${entry.role}, which gets "${r2PermissionGroup(entry.role)}"`,
                    `grant r2PermissionGroup("${entry.role}")`,
                );
            }
        }
    },
};

export const r2Rules = [r2BucketLifecycle, r2CopyPrefixLock, r2TokenScope];
