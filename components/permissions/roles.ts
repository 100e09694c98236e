/**
 * Roles and their abstract capabilities: the root of the permission model.
 * Every other statement about permissions (IAM policies, B2 capabilities, R2
 * permission groups, the permissions output, the post-deploy expectations,
 * the policy pack, the PR diff) is derived from this table.
 */
export const CAPABILITIES = ["list", "read", "write", "delete"] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ROLES = ["copy", "sync", "verify"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
    // copy: add new backups, never read or remove them (a stolen copy key cannot exfiltrate or wipe).
    copy: ["list", "write"],
    // sync: mirror a tree, which deletes what the source no longer has.
    sync: ["list", "read", "write", "delete"],
    // verify: prove backups are there and intact.
    verify: ["list", "read"],
};

export function roleAllows(role: Role, capability: Capability): boolean {
    return ROLE_CAPABILITIES[role].includes(capability);
}
