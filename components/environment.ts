/**
 * One environment: its buckets (one per remote, from its provider's profile)
 * and its credentials (one identity per credential, host and key generation),
 * and the stack outputs. Nothing here knows a provider: each remote carries
 * its profile.
 *
 * While a rotation overlaps, a (credential, host) holds two identities; the
 * outputs that hosts read (rcloneConfig, hosts) carry the newer one under the
 * section name the host already uses, so a host switches keys by pulling its
 * config and nothing else changes. The older one keeps working until it is
 * retired; its section is published only in `retiringConfig`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CredentialSpec, EnvironmentSpec, RemoteSpec } from "./config/schema";
import { credentialResourceName, hostSectionName, uniqueSectionName } from "./naming";
import type { HostsOutput, PermissionEntry, RemoteSummary } from "./outputs";
import { grantLabel } from "./permissions/access";
import { credentialAddresses } from "./permissions/addresses";
import { effectivePermissions } from "./permissions/effective";
import { scopeProtections } from "./permissions/protections";
import type { ProviderProfile, ProvisionedBucket, SectionOptions } from "./providers/profile";
import { PROGRAM_PROVIDERS } from "./providers/program-registry";
import type { ProviderRegistry } from "./providers/registry";
import { type HostSection, plainSection, renderHostFile } from "./rclone/host-file";
import type { SectionUsage } from "./rclone/host-job";
import { renderIni } from "./rclone/render";
import type { RcloneSection } from "./rclone/section";
import { sealHostFiles, type SealedHostsOutput } from "./sealing/seal-hosts";
import { generationsOf, isListed, keyExpiry, type KeyGeneration } from "./rotation/generations";
import { credentialKeys } from "./rotation/keys";
import { quotaWarnings, type IdentityUsage } from "./rotation/quota";

/** One (credential, host) section, its options still as Pulumi inputs. */
export interface IssuedSection {
    /** Unique name in rcloneConfig. */
    readonly name: string;
    /** Name in the host's own file. */
    readonly hostSection: string;
    readonly host: string;
    readonly options: SectionOptions;
    /** What the host does with it (role, path, flags): its host file says so. */
    readonly usage: SectionUsage;
}

/** The stack outputs (index.ts exports them). */
export interface EnvironmentOutputs {
    readonly rcloneConfig: pulumi.Output<string>;
    readonly hosts: pulumi.Output<HostsOutput>;
    readonly remotes: readonly RemoteSummary[];
    readonly permissions: readonly PermissionEntry[];
    /** Public host → age-sealed file; only when the config sets hostKeys. */
    readonly sealedHosts?: pulumi.Output<SealedHostsOutput>;
    /** The sections of the generations being replaced; only while a rotation overlaps. */
    readonly retiringConfig?: pulumi.Output<string>;
}

/**
 * The environment component's type. It registers `tier` as an output: a stack policy sees a component only
 * through its registered outputs (the engine's AnalyzeStack sends outputs, never a component's inputs), and
 * the policy pack chooses its mandatory or test-tier rules from it.
 */
export const ENVIRONMENT_COMPONENT_TYPE = "backup-remotes:index:BackupEnvironment";

export class BackupEnvironment extends pulumi.ComponentResource {
    /** The sections the outputs carry: the current generation of every (credential, host). */
    readonly sections: readonly IssuedSection[];
    readonly outputs: EnvironmentOutputs;
    /** Identities per provider account against its quota (the plan prints them). */
    readonly identityUsage: readonly IdentityUsage[];

    /** `providers`: the whole profiles, by the names the spec's remotes carry (the spec holds only their facts). */
    constructor(name: string, spec: EnvironmentSpec, opts?: pulumi.ComponentResourceOptions, providers: ProviderRegistry<ProviderProfile> = PROGRAM_PROVIDERS) {
        super(ENVIRONMENT_COMPONENT_TYPE, name, { tier: spec.tier }, opts);
        const provisioners = this.provisioners(spec, providers);
        const buckets = new Map(spec.remotes.map((remote) => [remote.name, this.provision(spec, remote, provisioners.get(remote.profile.name)!)]));

        const sections: IssuedSection[] = [];
        // The generations a rotation is replacing (still valid until retired).
        const retiring: IssuedSection[] = [];
        const remotes: RemoteSummary[] = [];
        const permissions: PermissionEntry[] = [];
        for (const cred of spec.credentials) {
            const bucket = buckets.get(cred.remote.name)!;
            for (const host of cred.hosts) {
                const generations = generationsOf(spec.rotation, cred.name, host);
                const issued = generations.map((g) => this.issue(spec, cred, host, g, bucket));
                const current = issued[issued.length - 1]!;
                sections.push(current);
                remotes.push(remoteSummary(spec, cred, host, generations[generations.length - 1]!, current, bucket));
                retiring.push(...issued.slice(0, -1));
            }
            permissions.push(permissionEntry(spec, cred, bucket));
        }
        this.sections = sections;
        const byHost = hostSections(sections);
        this.outputs = {
            rcloneConfig: rcloneConfig(sections),
            hosts: hostsOutput(byHost),
            remotes,
            permissions,
            ...(retiring.length ? { retiringConfig: rcloneConfig(retiring) } : {}),
            ...this.sealedDelivery(spec, byHost),
        };
        this.identityUsage = spec.identityUsage;
        for (const warning of quotaWarnings(this.identityUsage)) void pulumi.log.warn(warning, this);
        // What the policy pack reads of this component (policies/rule.ts tierOf); nothing else is needed there.
        this.registerOutputs({ tier: spec.tier });
    }

    /** Sealed delivery (components/sealing): each host's file, as pull-config writes it, sealed to that host's key. */
    private sealedDelivery(spec: EnvironmentSpec, byHost: ReadonlyMap<string, pulumi.Output<HostSection>[]>) {
        if (spec.sealing === undefined) return {};
        const plaintexts = new Map(
            [...byHost].map(([host, list]) => [host, pulumi.secret(pulumi.all(list).apply((secs) => renderHostFile(spec.environment, secs)))] as const),
        );
        return { sealedHosts: sealHostFiles(this, plaintexts, spec.sealing) };
    }

    /** Per provider used, its bucket provisioner: after what the provider registers once for the environment, if anything. */
    private provisioners(spec: EnvironmentSpec, providers: ProviderRegistry<ProviderProfile>): Map<string, ProviderProfile["provision"]> {
        const out = new Map<string, ProviderProfile["provision"]>();
        for (const name of [...new Set(spec.remotes.map((r) => r.profile.name))]) {
            const profile = providers.get(name);
            const remotes = spec.remotes.filter((r) => r.profile.name === name).map((r) => r.config);
            const issuesKeys = spec.credentials.some((c) => c.remote.profile.name === name && c.hosts.length > 0);
            out.set(
                name,
                profile.provisionEnvironment
                    ? profile.provisionEnvironment({ environment: spec.environment, remotes, issuesKeys }, { parent: this })
                    : profile.provision.bind(profile),
            );
        }
        return out;
    }

    private provision(spec: EnvironmentSpec, remote: RemoteSpec, provision: ProviderProfile["provision"]): ProvisionedBucket {
        // The prefixes copy credentials write to: providers lock them or expire the post-deploy probes there.
        const copyPrefixes = spec.credentials.filter((c) => c.role === "copy" && c.remote.name === remote.name).map((c) => c.prefix);
        return provision(
            remote.name,
            {
                environment: spec.environment,
                remote: remote.name,
                config: remote.config,
                protect: spec.protectBuckets,
                copyPrefixes,
            },
            { parent: this },
        );
    }

    private issue(spec: EnvironmentSpec, cred: CredentialSpec, host: string, g: KeyGeneration, bucket: ProvisionedBucket): IssuedSection {
        // Generation 1 keeps the logical name (and so the URN) every deployment had before rotation.
        const expiry = keyExpiry(spec.rotation, cred.name, g);
        const issued = bucket.issueCredential(
            credentialResourceName(cred.name, host, g.generation),
            {
                environment: spec.environment,
                credential: cred.name,
                host,
                role: cred.role,
                prefix: cred.prefix,
                generation: g.generation,
                ...(expiry ? { expiry } : {}),
                ...addressesArg(spec, host),
            },
            { parent: this },
        );
        return {
            name: uniqueSectionName(spec.environment, cred.name, host),
            hostSection: hostSectionName(spec.environment, cred.name),
            host,
            options: issued.sectionOptions,
            usage: { role: cred.role, path: `${bucket.model.bucket}/${cred.prefix}`, flags: issued.rcloneFlags },
        };
    }
}

/** The host's address ranges for its keys, when hostAddresses lists it. */
function addressesArg(spec: EnvironmentSpec, host: string): { addresses?: readonly string[] } {
    const addresses = spec.hostAddresses.get(host);
    return addresses ? { addresses } : {};
}

/** The `remotes` entry of a (credential, host): its current generation's section. */
function remoteSummary(
    spec: EnvironmentSpec,
    cred: CredentialSpec,
    host: string,
    g: KeyGeneration,
    current: IssuedSection,
    bucket: ProvisionedBucket,
): RemoteSummary {
    const m = bucket.model;
    return {
        section: current.name,
        hostSection: current.hostSection,
        environment: spec.environment,
        credential: cred.name,
        host,
        remote: cred.remote.name,
        provider: cred.remote.profile.name,
        role: cred.role,
        bucket: m.bucket,
        prefix: cred.prefix,
        path: current.usage.path,
        endpoint: m.endpoint,
        region: m.region,
        rcloneFlags: current.usage.flags,
        // Only where the config lists generations: an output without rotation stays what it always was.
        ...(isListed(spec.rotation, cred.name, host) ? { generation: g.generation } : {}),
    };
}

function permissionEntry(spec: EnvironmentSpec, cred: CredentialSpec, bucket: ProvisionedBucket): PermissionEntry {
    const { profile } = cred.remote;
    const m = bucket.model;
    const addressed = cred.hosts.some((h) => spec.hostAddresses.has(h));
    const effective = effectivePermissions(profile.access, profile.deviations, cred.role, scopeProtections(m.protections, cred.prefix), addressed);
    const keys = credentialKeys(spec.rotation, cred.name, cred.hosts, profile.keyExpiry);
    const addresses = credentialAddresses(profile, cred.remote.config, cred.hosts, spec.hostAddresses);
    return {
        environment: spec.environment,
        credential: cred.name,
        provider: profile.name,
        remote: cred.remote.name,
        bucket: m.bucket,
        prefix: cred.prefix,
        role: cred.role,
        hosts: cred.hosts,
        intended: effective.intended,
        // A conditioned grant carries its condition, so a reviewer sees how narrow it is.
        grants: profile.grantsIssued(cred.remote.config, cred.role).map((g) => grantLabel(profile.access, g)),
        effective: effective.effective,
        prefixEnforced: effective.prefixEnforced,
        deviations: effective.deviations,
        protections: m.protections,
        ...(keys ? { keys } : {}),
        ...(addresses ? { addresses } : {}),
    };
}

function rcloneConfig(sections: readonly IssuedSection[]): pulumi.Output<string> {
    return pulumi.secret(pulumi.all(sections.map((s) => resolveSection(s.name, s.options))).apply(renderIni));
}

/** host → that host's sections, under their host-file names, in order, with what each is for. */
function hostSections(sections: readonly IssuedSection[]): Map<string, pulumi.Output<HostSection>[]> {
    const byHost = new Map<string, pulumi.Output<HostSection>[]>();
    for (const s of sections) {
        const section = resolveSection(s.hostSection, s.options).apply((r): HostSection => ({ ...r, usage: s.usage }));
        byHost.set(s.host, [...(byHost.get(s.host) ?? []), section]);
    }
    return byHost;
}

/** host → only that host's sections (their usage is public, in `remotes`). */
function hostsOutput(byHost: ReadonlyMap<string, pulumi.Output<HostSection>[]>): pulumi.Output<HostsOutput> {
    return pulumi.secret(
        pulumi.all(Object.fromEntries([...byHost].map(([host, list]) => [host, pulumi.all(list).apply((secs) => ({ sections: secs.map(plainSection) }))]))),
    );
}

function resolveSection(name: string, options: SectionOptions): pulumi.Output<RcloneSection> {
    return pulumi.all(options).apply((opts) => ({ name, options: opts }));
}
