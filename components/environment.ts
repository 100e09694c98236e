/**
 * One environment: its buckets (one provider leaf per remote) and its
 * credentials (one per credential and host), and the four stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsBackupBucket } from "./aws/bucket";
import { AwsBackupCredential } from "./aws/credential";
import { B2BackupBucket } from "./b2/bucket";
import { B2BackupCredential } from "./b2/credential";
import type { CredentialSpec, EnvironmentSpec, RemoteSpec } from "./config/schema";
import { R2BackupBucket } from "./r2/bucket";
import { R2BackupCredential } from "./r2/credential";
import type { BucketFacts, IssuedCredential, SectionOptions } from "./leaf";
import type { HostsOutput, PermissionEntry, RemoteSummary } from "./outputs";
import { effectivePermissions } from "./permissions/effective";
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

export interface EnvironmentOutputs {
    readonly rcloneConfig: pulumi.Output<string>;
    readonly hosts: pulumi.Output<HostsOutput>;
    readonly remotes: readonly RemoteSummary[];
    readonly permissions: readonly PermissionEntry[];
    /** Public host → age-sealed file; only when the config sets hostKeys. */
    readonly sealedHosts?: pulumi.Output<SealedHostsOutput>;
}

export function hostSectionName(environment: string, credential: string): string {
    return `${environment}-${credential}`;
}

export function uniqueSectionName(environment: string, credential: string, host: string): string {
    return `${hostSectionName(environment, credential)}.${host}`;
}

export class BackupEnvironment extends pulumi.ComponentResource {
    readonly sections: readonly IssuedSection[];
    readonly outputs: EnvironmentOutputs;

    constructor(name: string, spec: EnvironmentSpec, opts?: pulumi.ComponentResourceOptions) {
        super("backup-remotes:index:BackupEnvironment", name, {}, opts);
        const buckets = new Map<string, BucketFacts>();
        for (const remote of spec.remotes) buckets.set(remote.name, this.createBucket(spec, remote));

        const sections: IssuedSection[] = [];
        const remotes: RemoteSummary[] = [];
        const permissions: PermissionEntry[] = [];
        for (const cred of spec.credentials) {
            const bucket = buckets.get(cred.remote.name)!;
            for (const host of cred.hosts) {
                const issued = this.createCredential(spec, cred, host, bucket);
                const section: IssuedSection = {
                    name: uniqueSectionName(spec.environment, cred.name, host),
                    hostSection: hostSectionName(spec.environment, cred.name),
                    host, credential: cred.name, options: issued.sectionOptions,
                };
                sections.push(section);
                remotes.push({
                    section: section.name, hostSection: section.hostSection, environment: spec.environment,
                    credential: cred.name, host, remote: cred.remote.name, provider: cred.remote.config.provider,
                    role: cred.role, bucket: bucket.bucket, prefix: cred.prefix, path: `${bucket.bucket}/${cred.prefix}`,
                    endpoint: bucket.endpoint, region: bucket.region, rcloneFlags: issued.rcloneFlags,
                });
            }
            const effective = effectivePermissions(cred.remote.config.provider, cred.role, bucket.protectionsFor(cred.prefix));
            permissions.push({
                environment: spec.environment, credential: cred.name, provider: cred.remote.config.provider,
                remote: cred.remote.name, bucket: bucket.bucket, prefix: cred.prefix, role: cred.role, hosts: cred.hosts,
                intended: effective.intended, effective: effective.effective, prefixEnforced: effective.prefixEnforced,
                deviations: effective.deviations, protections: bucket.protections,
            });
        }
        this.sections = sections;

        const resolved = sections.map((s) => resolveSection(s.name, s.options));
        const hostSections = new Map<string, pulumi.Output<RcloneSection>[]>();
        for (const s of sections) {
            const list = hostSections.get(s.host) ?? [];
            list.push(resolveSection(s.hostSection, s.options));
            hostSections.set(s.host, list);
        }
        const hosts = pulumi.all(Object.fromEntries(
            [...hostSections].map(([host, list]) => [host, pulumi.all(list).apply((secs) => ({ sections: secs }))]),
        ));
        this.outputs = {
            rcloneConfig: pulumi.secret(pulumi.all(resolved).apply(renderIni)),
            hosts: pulumi.secret(hosts),
            remotes,
            permissions,
            ...this.sealedDelivery(spec, hostSections),
        };
        this.registerOutputs({});
    }

    /** Sealed delivery (components/sealing): each host's file, as pull-config writes it, sealed to that host's key. */
    private sealedDelivery(spec: EnvironmentSpec, hostSections: ReadonlyMap<string, pulumi.Output<RcloneSection>[]>) {
        if (spec.sealing === undefined) return {};
        const plaintexts = new Map([...hostSections].map(([host, list]) =>
            [host, pulumi.secret(pulumi.all(list).apply((secs) => renderHostFile(spec.environment, secs)))] as const));
        return { sealedHosts: sealHostFiles(this, plaintexts, spec.sealing) };
    }

    private createBucket(spec: EnvironmentSpec, remote: RemoteSpec): BucketFacts {
        // The prefixes copy credentials write to: R2 locks them, and on AWS and R2 the
        // post-deploy probes a copy key cannot delete expire there by lifecycle.
        const copyPrefixes = spec.credentials.filter((c) => c.role === "copy" && c.remote.name === remote.name).map((c) => c.prefix);
        const common = { environment: spec.environment, remote: remote.name, protect: spec.protectBuckets };
        switch (remote.config.provider) {
            case "aws":
                return new AwsBackupBucket(remote.name, { ...common, config: remote.config, copyPrefixes }, { parent: this });
            case "b2":
                // No probe rule on B2: its lifecycle rules may not overlap, and the whole-bucket rule covers every
                // file. A copy key hides its probe instead; the whole-bucket rule deletes hidden versions.
                return new B2BackupBucket(remote.name, { ...common, config: remote.config }, { parent: this });
            case "r2":
                return new R2BackupBucket(remote.name, { ...common, config: remote.config, copyPrefixes }, { parent: this });
        }
    }

    private createCredential(spec: EnvironmentSpec, cred: CredentialSpec, host: string, bucket: BucketFacts): IssuedCredential {
        const name = `${cred.name}-${host}`;
        const common = { environment: spec.environment, credential: cred.name, host, role: cred.role, prefix: cred.prefix };
        const remote = cred.remote.config;
        switch (remote.provider) {
            case "aws":
                return new AwsBackupCredential(name, { ...common, remote }, { parent: this });
            case "b2":
                // B2 keys are restricted by bucket ID, which only the bucket resource knows.
                if (!(bucket instanceof B2BackupBucket)) throw new Error(`remote "${cred.remote.name}" has no B2 bucket`);
                return new B2BackupCredential(name, { ...common, remote, bucketId: bucket.bucketId }, { parent: this });
            case "r2":
                return new R2BackupCredential(name, { ...common, remote }, { parent: this });
        }
    }
}

function resolveSection(name: string, options: SectionOptions): pulumi.Output<RcloneSection> {
    return pulumi.all(options).apply((opts) => ({ name, options: opts }));
}
