/**
 * What rclone needs to work with a key that cannot read (the copy role),
 * derived from the permission model, so a role that loses or gains read gets
 * the right section and flags.
 *
 * Section options: no HEAD after an upload (`no_head`) and no HEAD to find an
 * object (`no_head_object`): a HEAD needs read.
 *
 * Flags: `--ignore-existing`. A second `rclone copy` must not compare an
 * existing destination by reading it: with `--checksum`, a destination whose
 * ETag is no MD5 (every multipart upload; every object in an aws:kms bucket)
 * is HEADed for its MD5 (rclone 1.60 backend/s3 Object.Hash → readMetaData;
 * `no_head_object` does not stop it), which a key without s3:GetObject is
 * refused on AWS, where the bucket owner owns every object: rclone then
 * uploads the file again and fails. `--ignore-existing` skips any name that
 * exists (fs/operations NeedTransfer returns before comparing), so it needs
 * no read, uploads nothing on an unchanged tree and keeps archive names
 * write-once. The trade-off (docs/hosts.md, "Copy jobs and the second night"): a file changed under the
 * same name is not uploaded again; `--size-only` would re-upload it when its
 * size changes, also without a read.
 */
import type { Role } from "../permissions/roles";
import { roleAllows } from "../permissions/roles";

/** Section options for S3 sections of `role`. */
export function noReadSectionOptions(role: Role): Record<string, string> {
    return roleAllows(role, "read") ? {} : { no_head: "true", no_head_object: "true" };
}

/** Command-line flags every rclone command with a `role` section needs. */
export function roleRcloneFlags(role: Role): string[] {
    return roleAllows(role, "read") ? [] : ["--ignore-existing"];
}
