/**
 * The shapes of the stack outputs. Consumers (post-deploy test, pull-config,
 * permission diff, policy pack) read these; `environment.ts` produces them.
 *
 *   rcloneConfig (secret)  INI text with every section of the environment,
 *                          one per (credential, host), named `<env>-<credential>.<host>`.
 *   hosts (secret)         host → HostConfig: only that host's sections, named
 *                          `<env>-<credential>` (the same name on every host,
 *                          so one job definition serves a fleet).
 *   remotes (public)       RemoteSummary per section of rcloneConfig.
 *   permissions (public)   PermissionEntry per credential.
 *   sealedHosts (public)   only with hostKeys: host → ASCII-armored age file of
 *                          that host's file (components/rclone/host-file.ts),
 *                          sealed to its key (components/sealing/).
 */
import type { CapabilityStatus } from "./permissions/access";
import type { Deviation } from "./permissions/effective";
import type { Protections } from "./permissions/protections";
import type { Capability, Role } from "./permissions/roles";
import type { RcloneSection } from "./rclone/section";

/** A registered provider profile's name (components/providers/registry.ts). */
export type ProviderName = string;

export interface HostConfig {
    /** The host's sections in the order written to its rclone.conf. */
    readonly sections: readonly RcloneSection[];
}

export type HostsOutput = Readonly<Record<string, HostConfig>>;

export interface RemoteSummary {
    /** Name of the section in `rcloneConfig` (`<env>-<credential>.<host>`). */
    readonly section: string;
    /** Name of the same section in the host's own file (`<env>-<credential>`). */
    readonly hostSection: string;
    readonly environment: string;
    readonly credential: string;
    readonly host: string;
    readonly remote: string;
    readonly provider: ProviderName;
    readonly role: Role;
    readonly bucket: string;
    /** Normalised prefix: "" (whole bucket) or "a/b/". */
    readonly prefix: string;
    /** `bucket/prefix` as rclone addresses it after `<section>:`. */
    readonly path: string;
    readonly endpoint: string;
    readonly region: string;
    /** rclone command-line flags the role needs, e.g. `--ignore-existing` for copy (a key that cannot read). */
    readonly rcloneFlags: readonly string[];
}

export interface PermissionEntry {
    readonly environment: string;
    readonly credential: string;
    readonly provider: ProviderName;
    readonly remote: string;
    readonly bucket: string;
    readonly prefix: string;
    readonly role: Role;
    readonly hosts: readonly string[];
    /** What the role is meant to do. */
    readonly intended: readonly Capability[];
    /** The provider grants each of its identities holds (IAM actions, B2 capabilities, an R2 permission group). */
    readonly grants: readonly string[];
    /** What the credential can really do on that provider. */
    readonly effective: Readonly<Record<Capability, CapabilityStatus>>;
    /** Whether the provider enforces the prefix (false: the whole bucket is reachable). */
    readonly prefixEnforced: boolean;
    readonly deviations: readonly Deviation[];
    /** The bucket's protections, as values (versioning, expiry, locks, …) with a summary in words. */
    readonly protections: Protections;
}
