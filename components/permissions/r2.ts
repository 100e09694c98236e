/**
 * Cloudflare R2 token grants for a role: one bucket-scoped permission group.
 * R2 has only two object-level groups, so copy gets the write group and with
 * it read and delete: the deviation the effective model names.
 *
 * Source: developers.cloudflare.com/r2/api/tokens/ ("Permission groups",
 * "Bucket" resource): Item Write reads, writes and lists objects of the
 * buckets it is scoped to; Item Read reads and lists them. There is no
 * object-level group without delete.
 */
import type { Role } from "./roles";
import { roleAllows } from "./roles";

export const R2_ITEM_READ = "Workers R2 Storage Bucket Item Read";
export const R2_ITEM_WRITE = "Workers R2 Storage Bucket Item Write";
export type R2PermissionGroupName = typeof R2_ITEM_READ | typeof R2_ITEM_WRITE;

/** Scope of the bucket-level permission groups in the permission-groups list. */
export const R2_BUCKET_SCOPE = "com.cloudflare.edge.r2.bucket";

export function r2PermissionGroup(role: Role): R2PermissionGroupName {
    return roleAllows(role, "write") || roleAllows(role, "delete") ? R2_ITEM_WRITE : R2_ITEM_READ;
}

/** Resource key of one bucket in a token policy (`default` when the bucket has no jurisdiction). */
export function r2BucketResourceKey(accountId: string, jurisdiction: string | undefined, bucket: string): string {
    return `${R2_BUCKET_SCOPE}.${accountId}_${jurisdiction ?? "default"}_${bucket}`;
}

/**
 * `policies[].resources` of a token reaching exactly one bucket. Since
 * @pulumi/cloudflare 6.12 the field is a JSON string, not a map.
 */
export function r2TokenResources(accountId: string, jurisdiction: string | undefined, bucket: string): string {
    return JSON.stringify({ [r2BucketResourceKey(accountId, jurisdiction, bucket)]: "*" });
}
