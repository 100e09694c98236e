/**
 * What rclone needs to work with a key that cannot read (the copy role): it
 * must not HEAD objects (a HEAD needs read) and must compare by checksum from
 * the listing instead of by reading modtimes. Derived from the permission
 * model, so a role that loses or gains read gets the right section.
 */
import type { Role } from "../permissions/roles";
import { roleAllows } from "../permissions/roles";

/** Section options for S3 sections of `role`. */
export function noReadSectionOptions(role: Role): Record<string, string> {
    return roleAllows(role, "read") ? {} : { no_head: "true", no_head_object: "true" };
}

/** Command-line flags every rclone command with a `role` section needs. */
export function roleRcloneFlags(role: Role): string[] {
    return roleAllows(role, "read") ? [] : ["--checksum"];
}
