/**
 * One environment: its buckets (one per remote, from its provider's profile)
 * and its credentials (one per credential and host), and the four stack
 * outputs. Nothing here knows a provider: each remote carries its profile.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CredentialSpec, EnvironmentSpec, RemoteSpec } from "./config/schema";
import { hostSectionName, uniqueSectionName } from "./naming";
import type { HostsOutput, PermissionEntry, RemoteSummary } from "./outputs";
import { effectivePermissions } from "./permissions/effective";
import { scopeProtections } from "./permissions/protections";
import type { ProvisionedBucket, SectionOptions } from "./providers/profile";
import { renderHostFile } from "./rclone/host-file";
import { renderIni } from "./rclone/render";
import type { RcloneSection } from "./rclone/section";
import { sealHostFiles, type SealedHostsOutput } from "./sealing/seal-hosts";

/** One (credential, host) section, its options still as Pulumi inputs. */
export interface IssuedSection {
    /** Unique name in rcloneConfig. */
    readonly name: string;
    /** Name in the host's own file. */
    readonly hostSection: string;
    readonly host: string;
    readonly credential: string;
    readonly options: SectionOptions;
}

/** The stack outputs (index.ts exports them). */
export interface EnvironmentOutputs {
    readonly rcloneConfig: pulumi.Output<string>;
    readonly hosts: pulumi.Output<HostsOutput>;
    readonly remotes: readonly RemoteSummary[];
    readonly permissions: readonly PermissionEntry[];
    /** Public host → age-sealed file; only when the config sets hostKeys. */
    readonly sealedHosts?: pulumi.Output<SealedHostsOutput>;
}

/** The environment component's type; its `tier` input tells the policy pack which rules are mandatory. */
export const ENVIRONMENT_COMPONENT_TYPE = "backup-remotes:index:BackupEnvironment";

export class BackupEnvironment extends pulumi.ComponentResource {
    readonly sections: readonly IssuedSection[];
    readonly outputs: EnvironmentOutputs;

    constructor(name: string, spec: EnvironmentSpec, opts?: pulumi.ComponentResourceOptions) {
        super(ENVIRONMENT_COMPONENT_TYPE, name, { tier: spec.tier }, opts);
        const buckets = new Map(spec.remotes.map((remote) => [remote.name, this.provision(spec, remote)]));

        const sections: IssuedSection[] = [];
        const remotes: RemoteSummary[] = [];
        const permissions: PermissionEntry[] = [];
        for (const cred of spec.credentials) {
            const bucket = buckets.get(cred.remote.name)!;
            for (const host of cred.hosts) {
                const issued = this.issue(spec, cred, host, bucket);
                sections.push(issued.section);
                remotes.push(issued.summary);
            }
            permissions.push(permissionEntry(spec.environment, cred, bucket));
        }
        this.sections = sections;
        const byHost = hostSections(sections);
        this.outputs = {
            rcloneConfig: rcloneConfig(sections), hosts: hostsOutput(byHost), remotes, permissions,
            ...this.sealedDelivery(spec, byHost),
        };
        this.registerOutputs({});
    }

    /** Sealed delivery (components/sealing): each host's file, as pull-config writes it, sealed to that host's key. */
    private sealedDelivery(spec: EnvironmentSpec, byHost: ReadonlyMap<string, pulumi.Output<RcloneSection>[]>) {
        if (spec.sealing === undefined) return {};
        const plaintexts = new Map([...byHost].map(([host, list]) =>
            [host, pulumi.secret(pulumi.all(list).apply((secs) => renderHostFile(spec.environment, secs)))] as const));
        return { sealedHosts: sealHostFiles(this, plaintexts, spec.sealing) };
    }

    private provision(spec: EnvironmentSpec, remote: RemoteSpec): ProvisionedBucket {
        // The prefixes copy credentials write to: providers lock them or expire the post-deploy probes there.
        const copyPrefixes = spec.credentials.filter((c) => c.role === "copy" && c.remote.name === remote.name).map((c) => c.prefix);
        return remote.profile.provision(remote.name, {
            environment: spec.environment, remote: remote.name, config: remote.config, protect: spec.protectBuckets, copyPrefixes,
        }, { parent: this });
    }

    private issue(spec: EnvironmentSpec, cred: CredentialSpec, host: string, bucket: ProvisionedBucket) {
        const issued = bucket.issueCredential(`${cred.name}-${host}`, {
            environment: spec.environment, credential: cred.name, host, role: cred.role, prefix: cred.prefix,
        }, { parent: this });
        const section: IssuedSection = {
            name: uniqueSectionName(spec.environment, cred.name, host),
            hostSection: hostSectionName(spec.environment, cred.name),
            host, credential: cred.name, options: issued.sectionOptions,
        };
        const m = bucket.model;
        const summary: RemoteSummary = {
            section: section.name, hostSection: section.hostSection, environment: spec.environment,
            credential: cred.name, host, remote: cred.remote.name, provider: cred.remote.profile.name,
            role: cred.role, bucket: m.bucket, prefix: cred.prefix, path: `${m.bucket}/${cred.prefix}`,
            endpoint: m.endpoint, region: m.region, rcloneFlags: issued.rcloneFlags,
        };
        return { section, summary };
    }
}

function permissionEntry(environment: string, cred: CredentialSpec, bucket: ProvisionedBucket): PermissionEntry {
    const { profile } = cred.remote;
    const m = bucket.model;
    const effective = effectivePermissions(profile.access, profile.deviations, cred.role, scopeProtections(m.protections, cred.prefix));
    return {
        environment, credential: cred.name, provider: profile.name,
        remote: cred.remote.name, bucket: m.bucket, prefix: cred.prefix, role: cred.role, hosts: cred.hosts,
        intended: effective.intended, grants: profile.grantsIssued(cred.remote.config, cred.role),
        effective: effective.effective, prefixEnforced: effective.prefixEnforced,
        deviations: effective.deviations, protections: m.protections,
    };
}

function rcloneConfig(sections: readonly IssuedSection[]): pulumi.Output<string> {
    return pulumi.secret(pulumi.all(sections.map((s) => resolveSection(s.name, s.options))).apply(renderIni));
}

/** host → that host's sections, under their host-file names, in order. */
function hostSections(sections: readonly IssuedSection[]): Map<string, pulumi.Output<RcloneSection>[]> {
    const byHost = new Map<string, pulumi.Output<RcloneSection>[]>();
    for (const s of sections) byHost.set(s.host, [...(byHost.get(s.host) ?? []), resolveSection(s.hostSection, s.options)]);
    return byHost;
}

/** host → only that host's sections. */
function hostsOutput(byHost: ReadonlyMap<string, pulumi.Output<RcloneSection>[]>): pulumi.Output<HostsOutput> {
    return pulumi.secret(pulumi.all(Object.fromEntries(
        [...byHost].map(([host, list]) => [host, pulumi.all(list).apply((secs) => ({ sections: secs }))]),
    )));
}

function resolveSection(name: string, options: SectionOptions): pulumi.Output<RcloneSection> {
    return pulumi.all(options).apply((opts) => ({ name, options: opts }));
}
