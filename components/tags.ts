/**
 * The tags (labels) our resources carry, read back by the policy pack to
 * learn whom a credential is for. Written once, here.
 */
export const TAG = {
    environment: "backup-remotes:environment",
    remote: "backup-remotes:remote",
    credential: "backup-remotes:credential",
    role: "backup-remotes:role",
    bucket: "backup-remotes:bucket",
    prefix: "backup-remotes:prefix",
    host: "backup-remotes:host",
    managedBy: "managed-by",
} as const;

export const MANAGED_BY = "backup-remotes";

/** Tags every resource of ours carries, plus `extra`. */
export function standardTags(environment: string, extra: Record<string, string> = {}): Record<string, string> {
    return { [TAG.environment]: environment, [TAG.managedBy]: MANAGED_BY, ...extra };
}
