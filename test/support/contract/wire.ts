/**
 * Running a host's rclone jobs through the recording relay and holding what
 * it sent against AWS's rules: each recorded request → the IAM
 * authorizations AWS makes for it (the AWS profile's table,
 * components/providers/aws/requests.ts) → pbac against the section's own
 * generated policy at the instant the request was made.
 *
 * The sections stay as generated (`provider = AWS`, virtual-hosted
 * addressing, AWS's listing and ETag quirks); only the endpoint's scheme
 * changes (`http://s3.<region>.amazonaws.com`, so the relay can read the
 * requests) and rclone reaches it through the relay as its HTTP proxy, which
 * forwards to radosgw serving that domain (startRgw virtualHostDomain).
 */
import { execFile } from "node:child_process";
import { rcloneEnv } from "../../../cli/shared/rclone";
import { awsAuthorizationOf, type AuthorizedRequest, type IamAuthorization } from "../../../components/providers/aws/requests";
import { isAllowed, parsePolicy, type ParsedPolicy } from "../../../policies/iam/evaluate";
import type { RecordedRequest } from "../relay/recording";
import type { DeployedEnvironment } from "./deploy";

export const WIRE_REGION = "eu-west-1";
/** The domain AWS serves the region's buckets under, virtual-hosted (`<bucket>.s3.<region>.amazonaws.com`). */
export const WIRE_DOMAIN = `s3.${WIRE_REGION}.amazonaws.com`;

/** The generated options with AWS's addressing restored (deployToRgw makes them path-style Ceph for 127.0.0.1). */
export function asOnAws(options: Record<string, string>): Record<string, string> {
    return { ...options, provider: "AWS", endpoint: `http://${WIRE_DOMAIN}` };
}

export interface RcloneRun {
    readonly args: readonly string[];
    readonly code: number;
    readonly log: string;
}

/** One rclone command, reaching S3 only through `proxy`. */
export function rcloneVia(proxy: string, config: string, args: readonly string[]): Promise<RcloneRun> {
    const env: NodeJS.ProcessEnv = { ...rcloneEnv(), HTTP_PROXY: proxy, http_proxy: proxy, NO_PROXY: "", no_proxy: "" };
    delete env.HTTPS_PROXY;
    delete env.https_proxy;
    return new Promise((resolve) => {
        execFile(
            "rclone",
            ["--config", config, "--retries", "1", "--low-level-retries", "2", "-v", ...args],
            { env, maxBuffer: 16 * 1024 * 1024 },
            (err, _out, log) => resolve({ args, code: err ? Number((err as { code?: number }).code ?? 1) : 0, log }),
        );
    });
}

/** access key id → section name, from the deployed sections. */
export function sectionsByKey(env: DeployedEnvironment): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of env.outputs.remotes) {
        const options = env.outputs.hosts[r.host]?.sections.find((s) => s.name === r.hostSection)?.options;
        if (options?.access_key_id) out.set(options.access_key_id, r.section);
    }
    return out;
}

export interface JudgedRequest {
    readonly record: RecordedRequest;
    readonly section: string;
    readonly authorized: AuthorizedRequest;
    /** The authorizations the section's policy denies at `at` (default: when the request was made). */
    readonly denied: readonly IamAuthorization[];
}

export interface Judgement {
    readonly judged: readonly JudgedRequest[];
    /** Requests that could not be judged: no section, an error instead of a response, no row in the table. */
    readonly unjudged: readonly string[];
}

function allows(policy: ParsedPolicy, a: IamAuthorization, at: string): boolean {
    return isAllowed(policy, {
        action: a.action,
        resource: a.resource,
        context: a.context,
        currentTime: at,
        ...(a.context["s3:prefix"] !== undefined ? { prefix: a.context["s3:prefix"] } : {}),
    });
}

/** Every recorded request held against its section's generated policy; `at` overrides the instant (e.g. the key's expiry). */
export function judgeRecording(records: readonly RecordedRequest[], env: DeployedEnvironment, at?: string): Judgement {
    const byKey = sectionsByKey(env);
    const policies = new Map<string, ParsedPolicy>();
    const judged: JudgedRequest[] = [];
    const unjudged: string[] = [];
    for (const record of records) {
        const line = `#${record.seq} ${record.method} ${record.host}${record.path}`;
        const section = record.accessKeyId ? byKey.get(record.accessKeyId) : undefined;
        if (!section) {
            unjudged.push(`${line}: signed by no deployed section (${record.accessKeyId ?? "unsigned"})`);
            continue;
        }
        if (record.status === undefined) {
            unjudged.push(`${line}: no response (${record.error ?? "unknown"})`);
            continue;
        }
        const authorized = awsAuthorizationOf(record);
        if ("unknown" in authorized) {
            unjudged.push(`${line}: ${authorized.unknown}`);
            continue;
        }
        if (!policies.has(section)) policies.set(section, parsePolicy(env.policyOf(section)));
        const policy = policies.get(section)!;
        judged.push({ record, section, authorized, denied: authorized.authorizations.filter((a) => !allows(policy, a, at ?? record.time)) });
    }
    return { judged, unjudged };
}

/** A denied authorization in words, for assertion messages. */
export function describeDenied(j: JudgedRequest): string[] {
    return j.denied.map((a) => {
        const acl = a.context["s3:x-amz-acl"] !== undefined ? ` with s3:x-amz-acl "${a.context["s3:x-amz-acl"]}"` : "";
        return `${j.section}: ${j.authorized.operation} (${j.record.method} ${j.record.path}) needs ${a.action} on ${a.resource}${acl}, which its policy does not grant`;
    });
}
