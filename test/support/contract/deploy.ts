/**
 * "Deploy" an environment onto the local radosgw: run the real program under
 * Pulumi's mocks (the offline plan), then create what `pulumi up` would have
 * created in AWS, on radosgw: its buckets (versioning and lifecycle as
 * planned), one identity per section holding exactly the generated inline
 * policy, and the generated rclone sections rewritten to the local endpoint
 * with that identity's keys.
 *
 * Identities are role sessions by default (see rgw/admin.ts: radosgw then
 * allows only what the policy allows, as AWS does), plain users on request.
 */
import { randomBytes } from "node:crypto";
import type { LifecycleRule } from "@aws-sdk/client-s3";
import { iamUserName } from "../../../components/providers/aws/credential";
import type { PermissionEntry, RemoteSummary } from "../../../components/outputs";
import { renderIni } from "../../../components/rclone/render";
import type { RcloneSection } from "../../../components/rclone/section";
import { runPlan, type PlanResult } from "../../../cli/plan/run";
import type { StackConfig } from "../../../cli/plan/stack-config";
import { mapLimit } from "../../../cli/postdeploy/pool";
import { createBucket, createPlainUser, createRoleSession, createUser, type RgwServer, type S3Keys, type SessionKeys } from "../rgw";

export interface ContractCredential {
    readonly role: "copy" | "sync" | "verify";
    readonly prefix: string;
    readonly hosts: readonly string[];
    /** The remote it is on: "aws-main" (default) or "aws-archive", a second bucket of the environment. */
    readonly remote?: "aws-main" | "aws-archive";
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
            [ns("remotes")]: JSON.stringify(
                Object.fromEntries(
                    ["aws-main", ...(Object.values(credentials).some((c) => c.remote === "aws-archive") ? ["aws-archive"] : [])].map((remote) => [
                        remote,
                        {
                            provider: "aws",
                            bucket: `acme-backup-${environment}-${remote.slice(4)}`,
                            region: "eu-west-1",
                            lifecycle: { noncurrentVersionExpirationDays: 14, abortIncompleteMultipartUploadDays: 3 },
                        },
                    ]),
                ),
            ),
            [ns("credentials")]: JSON.stringify(
                Object.fromEntries(
                    Object.entries(credentials).map(([name, c]) => [name, { role: c.role, remote: c.remote ?? "aws-main", prefix: c.prefix, hosts: c.hosts }]),
                ),
            ),
        },
        secretKeys: [],
    };
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
    /** Change a credential's policy before it is put (fault injection, widened keys). */
    readonly policy?: (section: string, policy: string) => string;
    /** Change a section's options after the rewrite (fault injection). */
    readonly section?: (section: string, options: Record<string, string>) => Record<string, string>;
    /** Change a section's rclone flags in `remotes` (e.g. the flags before the copy-rerun fix). */
    readonly rcloneFlags?: (section: string, flags: readonly string[]) => string[];
    /** Suffix for identity names, so one server can hold several deployments of the same environment. */
    readonly userSuffix?: string;
    /** Skip creating buckets (a second deployment onto the same server). */
    readonly bucketsExist?: boolean;
    /** Deploy (and output) only these sections. */
    readonly only?: (section: string) => boolean;
    /** "role" (default): AWS-like role sessions; "user": plain users, which radosgw lets read their own uploads. */
    readonly identity?: "role" | "user";
}

export async function planEnvironment(environment: string, credentials: Readonly<Record<string, ContractCredential>>): Promise<PlanResult> {
    return runPlan(environment, { config: contractStackConfig(environment, credentials) });
}

/**
 * The contract buckets' policy. radosgw here serves plain HTTP, so the
 * generated TLS-only policy (deny every request without TLS) would refuse
 * everything; the bucket gets a policy of the same shape that denies only
 * DeleteBucket, so the bucket-policy probe has a real policy to write back.
 */
export function contractBucketPolicy(bucket: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "DenyBucketDeletion", Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: `arn:aws:s3:::${bucket}` }],
    });
}

/** `{ noncurrentDays: 14 }` (the Pulumi inputs' shape) → `{ NoncurrentDays: 14 }` (the S3 API's). */
function toS3Shape(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(toS3Shape);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === "id" ? "ID" : k[0]!.toUpperCase() + k.slice(1), toS3Shape(v)]));
}

async function createPlannedBuckets(server: RgwServer, plan: PlanResult): Promise<void> {
    for (const r of plan.resources.filter((x) => x.type === "aws:s3/bucket:Bucket")) {
        const bucket = String(r.inputs.bucket);
        const of = (type: string) => plan.resources.find((v) => v.type === type && v.inputs.bucket === bucket)?.inputs;
        const versioning = (of("aws:s3/bucketVersioning:BucketVersioning")?.versioningConfiguration as { status?: string } | undefined)?.status === "Enabled";
        const rules = of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")?.rules;
        await createBucket(server, bucket, {
            versioning,
            policy: contractBucketPolicy(bucket),
            ...(rules ? { lifecycle: toS3Shape(rules) as LifecycleRule[] } : {}),
        });
    }
}

export async function deployToRgw(server: RgwServer, plan: PlanResult, options: DeployOptions = {}): Promise<DeployedEnvironment> {
    const remotes = plan.outputs.remotes.value as RemoteSummary[];
    const permissions = plan.outputs.permissions.value as PermissionEntry[];
    const policies = generatedPolicies(plan);
    if (!options.bucketsExist) await createPlannedBuckets(server, plan);

    const policyOf = (section: string): string => {
        const r = remotes.find((x) => x.section === section);
        if (!r) throw new Error(`no section ${section} in the plan`);
        const policy = policies.get(iamUserName(r.environment, r.credential, r.host));
        if (!policy) throw new Error(`no generated policy for section ${section}`);
        return policy;
    };
    const suffix = options.userSuffix ?? "";
    const principalUid = `contract-principal${suffix}-${randomBytes(4).toString("hex")}`;
    const principal = options.identity === "user" ? undefined : { uid: principalUid, keys: await createPlainUser(server, principalUid) };
    const keysFor = async (r: RemoteSummary): Promise<S3Keys & Partial<SessionKeys>> => {
        const policy = options.policy ? options.policy(r.section, policyOf(r.section)) : policyOf(r.section);
        const name = iamUserName(r.environment, r.credential, r.host) + suffix;
        return principal ? createRoleSession(server, name, principal, policy) : createUser(server, name, policy);
    };

    const planned = plan.sections.filter((s) => !options.only || options.only(s.name));
    const sections = await mapLimit(planned, 8, async (p): Promise<{ summary: RemoteSummary; section: RcloneSection }> => {
        const r = remotes.find((x) => x.section === p.name);
        if (!r) throw new Error(`section ${p.name} has no remote summary`);
        const keys = await keysFor(r);
        let opts: Record<string, string> = Object.fromEntries(Object.entries(p.options).map(([k, v]) => [k, v.value]));
        // Only where the server is and whose keys: everything else stays as generated.
        opts.access_key_id = keys.accessKeyId;
        opts.secret_access_key = keys.secretAccessKey;
        if (keys.sessionToken) opts.session_token = keys.sessionToken;
        opts.endpoint = server.endpoint;
        // rclone 1.60 forces virtual-host addressing (<bucket>.<host>) for provider AWS, whatever
        // force_path_style says; 127.0.0.1 can only be addressed path-style, which provider Ceph uses.
        opts.provider = "Ceph";
        if (options.section) opts = options.section(r.section, opts);
        const summary = { ...r, endpoint: server.endpoint, ...(options.rcloneFlags ? { rcloneFlags: options.rcloneFlags(r.section, r.rcloneFlags) } : {}) };
        return { summary, section: { name: r.section, options: opts } };
    });
    const hosts: Record<string, { sections: RcloneSection[] }> = {};
    for (const { summary, section } of sections) {
        (hosts[summary.host] ??= { sections: [] }).sections.push({ name: summary.hostSection, options: section.options });
    }
    return {
        plan,
        outputs: { rcloneConfig: renderIni(sections.map((s) => s.section)), hosts, remotes: sections.map((s) => s.summary), permissions },
        policyOf,
    };
}
