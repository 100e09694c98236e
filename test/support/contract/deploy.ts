/**
 * "Deploy" an environment onto the local radosgw: run the real program under
 * Pulumi's mocks (the offline plan), then create what `pulumi up` would have
 * created in AWS, on radosgw: its buckets, one user per credential with
 * exactly the generated inline policy (PutUserPolicy), and the generated rclone
 * sections rewritten to the local endpoint with those users' keys.
 */
import { iamUserName } from "../../../components/providers/aws/credential";
import type { PermissionEntry, RemoteSummary } from "../../../components/outputs";
import { renderIni } from "../../../components/rclone/render";
import type { RcloneSection } from "../../../components/rclone/section";
import { runPlan, type PlanResult } from "../../../cli/plan/run";
import type { StackConfig } from "../../../cli/plan/stack-config";
import { createBucket, createUser, type RgwServer } from "../rgw";

export interface ContractCredential {
    readonly role: "copy" | "sync" | "verify";
    readonly prefix: string;
    readonly hosts: readonly string[];
}

/** A stack config as the Pulumi CLI would hand it to the program. */
export function contractStackConfig(environment: string, credentials: Readonly<Record<string, ContractCredential>>): StackConfig {
    const ns = (k: string) => `backup-remotes:${k}`;
    return {
        values: {
            "aws:region": "eu-west-1",
            [ns("environment")]: environment,
            [ns("tier")]: environment === "prod" ? "production" : "test",
            [ns("protectBuckets")]: environment === "prod" ? "true" : "false",
            [ns("remotes")]: JSON.stringify({
                "aws-main": { provider: "aws", bucket: `acme-backup-${environment}-main`, region: "eu-west-1",
                    lifecycle: { noncurrentVersionExpirationDays: 14, abortIncompleteMultipartUploadDays: 3 } },
            }),
            [ns("credentials")]: JSON.stringify(Object.fromEntries(Object.entries(credentials).map(([name, c]) =>
                [name, { role: c.role, remote: "aws-main", prefix: c.prefix, hosts: c.hosts }]))),
        },
        secretKeys: [],
    };
}

export interface GeneratedPolicy {
    readonly userName: string;
    readonly policy: string;
}

/** The inline policies the AWS credential component registered, by IAM user name. */
export function generatedPolicies(plan: PlanResult): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of plan.resources) {
        if (r.type !== "aws:iam/userPolicy:UserPolicy") continue;
        const { user, policy } = r.inputs as { user?: unknown; policy?: unknown };
        if (typeof user !== "string" || typeof policy !== "string") throw new Error(`UserPolicy ${r.name}: user/policy inputs are not strings`);
        out.set(user, policy);
    }
    return out;
}

export interface DeployedEnvironment {
    readonly plan: PlanResult;
    /** What `pulumi stack output --json --show-secrets` would print, pointed at radosgw. */
    readonly outputs: {
        rcloneConfig: string;
        hosts: Record<string, { sections: RcloneSection[] }>;
        remotes: RemoteSummary[];
        permissions: PermissionEntry[];
    };
    /** The generated inline policy of each section's credential. */
    readonly policyOf: (section: string) => string;
}

export interface DeployOptions {
    /** Change a credential's policy before it is put (fault injection). */
    readonly policy?: (section: string, policy: string) => string;
    /** Change a section's options after the rewrite (fault injection). */
    readonly section?: (section: string, options: Record<string, string>) => Record<string, string>;
    /** Suffix for RGW user ids, so one server can hold several deployments of the same environment. */
    readonly userSuffix?: string;
    /** Skip creating buckets (a second deployment onto the same server). */
    readonly bucketsExist?: boolean;
    /** Deploy (and output) only these sections. */
    readonly only?: (section: string) => boolean;
}

export async function planEnvironment(environment: string, credentials: Readonly<Record<string, ContractCredential>>): Promise<PlanResult> {
    return runPlan(environment, { config: contractStackConfig(environment, credentials) });
}

export async function deployToRgw(server: RgwServer, plan: PlanResult, options: DeployOptions = {}): Promise<DeployedEnvironment> {
    const remotes = plan.outputs.remotes.value as RemoteSummary[];
    const permissions = plan.outputs.permissions.value as PermissionEntry[];
    const policies = generatedPolicies(plan);

    if (!options.bucketsExist) {
        for (const r of plan.resources.filter((x) => x.type === "aws:s3/bucket:Bucket")) {
            const bucket = String(r.inputs.bucket);
            const versioned = plan.resources.some((v) => v.type === "aws:s3/bucketVersioning:BucketVersioning" &&
                v.inputs.bucket === bucket &&
                (v.inputs.versioningConfiguration as { status?: string } | undefined)?.status === "Enabled");
            await createBucket(server, bucket, { versioning: versioned });
        }
    }

    const policyOf = (section: string): string => {
        const r = remotes.find((x) => x.section === section);
        if (!r) throw new Error(`no section ${section} in the plan`);
        const policy = policies.get(iamUserName(r.environment, r.credential, r.host));
        if (!policy) throw new Error(`no generated policy for section ${section}`);
        return policy;
    };

    const sections: RcloneSection[] = [];
    const hosts: Record<string, { sections: RcloneSection[] }> = {};
    for (const planned of plan.sections) {
        if (options.only && !options.only(planned.name)) continue;
        const r = remotes.find((x) => x.section === planned.name);
        if (!r) throw new Error(`section ${planned.name} has no remote summary`);
        const policy = options.policy ? options.policy(r.section, policyOf(r.section)) : policyOf(r.section);
        const uid = iamUserName(r.environment, r.credential, r.host) + (options.userSuffix ?? "");
        const keys = await createUser(server, uid, policy);
        let opts: Record<string, string> = {};
        for (const [k, v] of Object.entries(planned.options)) opts[k] = v.value;
        // Only where the server is and whose keys: everything else stays as generated.
        opts.access_key_id = keys.accessKeyId;
        opts.secret_access_key = keys.secretAccessKey;
        opts.endpoint = server.endpoint;
        // rclone 1.60 forces virtual-host addressing (<bucket>.<host>) for provider AWS, whatever
        // force_path_style says; 127.0.0.1 can only be addressed path-style, which provider Ceph uses.
        opts.provider = "Ceph";
        if (options.section) opts = options.section(r.section, opts);
        sections.push({ name: r.section, options: opts });
        (hosts[r.host] ??= { sections: [] }).sections.push({ name: r.hostSection, options: opts });
    }
    return {
        plan,
        outputs: {
            rcloneConfig: renderIni(sections),
            hosts,
            remotes: remotes.filter((r) => !options.only || options.only(r.section)).map((r) => ({ ...r, endpoint: server.endpoint })),
            permissions,
        },
        policyOf,
    };
}
