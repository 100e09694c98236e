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
 *   retiringConfig (secret) INI text of the generations a rotation is replacing,
 *                          under the same section names; present only while a
 *                          rotation overlaps (so the old keys can be tested, e.g.
 *                          that they are refused once retired).
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
    /**
     * The key generation this section holds; present when the config lists the
     * (credential, host)'s generations (`keyGenerations`), absent means generation 1.
     */
    readonly generation?: number;
}

/** One generation of one host's key, as the permissions output publishes it. */
export interface KeyGenerationEntry {
    readonly host: string;
    readonly generation: number;
    /** YYYY-MM-DD; absent for a key made before rotation existed. */
    readonly issued?: string;
    /** RFC 3339 UTC instant the key stops working; absent: it does not expire. */
    readonly expiresOn?: string;
    /** Whether the outputs carry this generation (the newest of its host). */
    readonly current: boolean;
}

/** A credential's keys: their generations and what makes them expire. */
export interface CredentialKeys {
    /** The maximum age that applies (credential's own, else the environment's); absent: keys do not expire by age. */
    readonly maxKeyAgeDays?: number;
    readonly graceDays?: number;
    /** How the provider enforces the expiry, in words. */
    readonly expiresBy?: string;
    readonly generations: readonly KeyGenerationEntry[];
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
    /**
     * The provider grants each of its identities holds (IAM actions, B2 capabilities, an R2 permission group);
     * a grant issued only under a condition says so (`s3:PutObjectAcl if s3:x-amz-acl is bucket-owner-full-control`).
     */
    readonly grants: readonly string[];
    /** What the credential can really do on that provider. */
    readonly effective: Readonly<Record<Capability, CapabilityStatus>>;
    /** Whether the provider enforces the prefix (false: the whole bucket is reachable). */
    readonly prefixEnforced: boolean;
    readonly deviations: readonly Deviation[];
    /** The bucket's protections, as values (versioning, expiry, locks, …) with a summary in words. */
    readonly protections: Protections;
    /**
     * Key generations and expiry; present when the config lists generations for the
     * credential or a maximum key age applies to it. Absent: every host holds
     * generation 1, of unknown age, that does not expire by age.
     */
    readonly keys?: CredentialKeys;
}
