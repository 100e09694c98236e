/**
 * Cloudflare R2 token grants for a role: one bucket-scoped permission group.
 * R2 has only two object-level groups, so copy gets the write group and with
 * it read and delete: the deviation the effective model names.
 */
import type { Role } from "./roles";
import { roleAllows } from "./roles";

export const R2_ITEM_READ = "Workers R2 Storage Bucket Item Read";
export const R2_ITEM_WRITE = "Workers R2 Storage Bucket Item Write";

export function r2PermissionGroup(role: Role): typeof R2_ITEM_READ | typeof R2_ITEM_WRITE {
    return roleAllows(role, "write") || roleAllows(role, "delete") ? R2_ITEM_WRITE : R2_ITEM_READ;
}

/** Resource key of one bucket in a token policy. */
export function r2BucketResourceKey(accountId: string, jurisdiction: string | undefined, bucket: string): string {
    return `com.cloudflare.edge.r2.bucket.${accountId}_${jurisdiction ?? "default"}_${bucket}`;
}
