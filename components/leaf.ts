/**
 * What a provider leaf gives the environment. Leaves know their SDK and
 * nothing about each other; the environment only sees these shapes.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ScopeProtections } from "./permissions/effective";

export interface BucketFacts {
    readonly bucket: string;
    /** The S3 endpoint rclone talks to (informational for native APIs). */
    readonly endpoint: string;
    readonly region: string;
    /** Protections that limit the harm of a credential under `prefix`. */
    protectionsFor(prefix: string): ScopeProtections;
    /** Human-readable protections in force, for the permissions output and the PR diff. */
    readonly protections: readonly string[];
}

/** Options of one rclone section, in output order; secret values are secret Outputs. */
export type SectionOptions = Readonly<Record<string, pulumi.Input<string>>>;

export interface IssuedCredential {
    readonly sectionOptions: SectionOptions;
    /** rclone command-line flags the role needs on this provider. */
    readonly rcloneFlags: readonly string[];
}

/** Tags/labels every resource of ours carries. */
export function standardTags(environment: string, extra: Record<string, string> = {}): Record<string, string> {
    return { "backup-remotes:environment": environment, "managed-by": "backup-remotes", ...extra };
}

/**
 * The provider-side name of the identity issued to one host for one
 * credential (IAM user, B2 key, R2 token): the same on every provider, so an
 * audit log entry leads straight to the environment, credential and host.
 */
export function identityName(environment: string, credential: string, host: string): string {
    return `backup-${environment}-${credential}-${host}`;
}
