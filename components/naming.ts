/** Names shared by every provider: identities and rclone sections. */

/**
 * The provider-side name of the identity issued to one host for one
 * credential (IAM user, B2 key, R2 token): the same on every provider, so an
 * audit log entry leads straight to the environment, credential and host.
 */
export function identityName(environment: string, credential: string, host: string): string {
    return `backup-${environment}-${credential}-${host}`;
}

/** The section's name in a host's own file: the same on every host, so one job definition serves a fleet. */
export function hostSectionName(environment: string, credential: string): string {
    return `${environment}-${credential}`;
}

/** The section's name in `rcloneConfig`, unique across hosts. */
export function uniqueSectionName(environment: string, credential: string, host: string): string {
    return `${hostSectionName(environment, credential)}.${host}`;
}
