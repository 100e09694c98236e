/** Names shared by every provider: identities, their resources and rclone sections. */

/**
 * The generation suffix of identities and resource names. Generation 1 has
 * none: it is the identity every deployment made before rotation existed, so
 * upgrading renames nothing and replaces no key.
 */
export function generationSuffix(generation: number): string {
    return generation === 1 ? "" : `-g${generation}`;
}

/**
 * The provider-side name of the identity issued to one host for one
 * credential (IAM user, B2 key, R2 token): the same on every provider, so an
 * audit log entry leads straight to the environment, credential, host and
 * key generation.
 */
export function identityName(environment: string, credential: string, host: string, generation = 1): string {
    return `backup-${environment}-${credential}-${host}${generationSuffix(generation)}`;
}

/** The Pulumi logical name of one (credential, host, generation) identity's component. */
export function credentialResourceName(credential: string, host: string, generation = 1): string {
    return `${credential}-${host}${generationSuffix(generation)}`;
}

/** The section's name in a host's own file: the same on every host, so one job definition serves a fleet. */
export function hostSectionName(environment: string, credential: string): string {
    return `${environment}-${credential}`;
}

/** The section's name in `rcloneConfig`, unique across hosts (and the same for every generation of its key). */
export function uniqueSectionName(environment: string, credential: string, host: string): string {
    return `${hostSectionName(environment, credential)}.${host}`;
}
