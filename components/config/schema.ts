/**
 * The config schema of one environment (one stack), and the cross-field rules
 * that keep environments apart and credentials narrow. Every problem is
 * reported at once, each with its config key and what would be valid.
 */
import { z } from "zod";
import { PROVIDER_NAMES } from "../outputs";
import { awsRemoteSchema } from "./aws";
import { b2RemoteSchema } from "./b2";
import {
    CREDENTIAL_NAME_PATTERN, ENVIRONMENT_PATTERN, REMOTE_NAME_PATTERN, nameContainsEnvironment, prefixSchema, strictObject,
} from "./common";
import { credentialSchema } from "./credential";
import { sealingConfigShape, sealingErrors, sealingSpec, type SealingSpec } from "./host-keys";
import { r2RemoteSchema } from "./r2";

export const CONFIG_NAMESPACE = "backup-remotes";

export const PROVIDERS = PROVIDER_NAMES;

const remoteSchema = z.discriminatedUnion("provider", [awsRemoteSchema, b2RemoteSchema, r2RemoteSchema], {
    error: (issue) => issue.code === "invalid_union" || issue.code === "invalid_type" && issue.path?.length === 0
        ? `provider must be one of ${PROVIDERS.map((p) => `"${p}"`).join(", ")}`
        : undefined,
});

export const environmentConfigSchema = strictObject({
    environment: z.string({ error: "environment is required and must equal the stack name" })
        .regex(ENVIRONMENT_PATTERN, { error: "environment must be 2-16 lowercase letters and digits, starting with a letter" }),
    /** Engine-level deletion protection of buckets; may only be turned off outside prod. */
    protectBuckets: z.boolean({ error: "protectBuckets must be true or false" }).default(true),
    remotes: z.record(z.string(), remoteSchema, { error: "remotes must map remote names to remote settings" }),
    credentials: z.record(z.string(), credentialSchema, { error: "credentials must map credential names to credential settings" })
        .default({}),
    ...sealingConfigShape,
});

type ParsedConfig = z.infer<typeof environmentConfigSchema>;

export type RemoteConfig = z.infer<typeof remoteSchema>;

export interface RemoteSpec<R extends RemoteConfig = RemoteConfig> {
    readonly name: string;
    readonly config: R;
}

export interface CredentialSpec {
    readonly name: string;
    readonly role: ParsedConfig["credentials"][string]["role"];
    readonly remote: RemoteSpec;
    readonly prefix: string;
    readonly hosts: readonly string[];
}

export interface EnvironmentSpec {
    readonly environment: string;
    readonly protectBuckets: boolean;
    readonly remotes: readonly RemoteSpec[];
    readonly credentials: readonly CredentialSpec[];
    /** Sealed delivery (hostKeys set), else undefined. */
    readonly sealing?: SealingSpec | undefined;
}

export type ParseResult = { ok: true; spec: EnvironmentSpec } | { ok: false; errors: string[] };

/** Validate the stack's config (keys without the namespace) for the stack `stack`. */
export function parseEnvironmentConfig(stack: string, raw: Record<string, unknown>): ParseResult {
    const result = environmentConfigSchema.safeParse(raw);
    const errors = result.success ? [] : result.error.issues.map((i) => `${configPath(i.path)}: ${i.message}`);
    // Cross-field rules run on the raw input too, so one run lists every problem.
    errors.push(...crossFieldErrors(stack, raw));
    if (!result.success || errors.length) return { ok: false, errors: [...new Set(errors)] };

    const cfg = result.data;
    const remotes = Object.entries(cfg.remotes).map(([name, config]) => ({ name, config }));
    const byName = new Map(remotes.map((r) => [r.name, r]));
    const credentials = Object.entries(cfg.credentials).map(([name, c]) => ({
        name, role: c.role, remote: byName.get(c.remote)!, prefix: c.prefix, hosts: c.hosts,
    }));
    return { ok: true, spec: { environment: cfg.environment, protectBuckets: cfg.protectBuckets, remotes, credentials, sealing: sealingSpec(cfg) } };
}

type Loose = Record<string, unknown>;
const isRecord = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const entries = (v: unknown): [string, Loose][] =>
    isRecord(v) ? Object.entries(v).filter((e): e is [string, Loose] => isRecord(e[1])) : [];

function crossFieldErrors(stack: string, raw: Loose): string[] {
    const errors: string[] = [];
    const problem = (path: (string | number)[], message: string) => errors.push(`${configPath(path)}: ${message}`);
    const environment = typeof raw.environment === "string" ? raw.environment : undefined;

    if (environment !== undefined && environment !== stack) {
        problem(["environment"], `is "${environment}" but the stack is "${stack}": a config copied from another ` +
            `environment must not deploy here; set environment to "${stack}" and rename its buckets`);
    }
    if (stack === "prod" && raw.protectBuckets === false) {
        problem(["protectBuckets"], "must be true in prod: prod buckets are always protected from deletion");
    }
    const remotes = entries(raw.remotes);
    if (isRecord(raw.remotes) && Object.keys(raw.remotes).length === 0) problem(["remotes"], "must define at least one remote");

    const buckets = new Map<string, string>();
    for (const [name, remote] of remotes) {
        if (!REMOTE_NAME_PATTERN.test(name)) {
            problem(["remotes", name], "remote names must be 1-32 lowercase letters, digits and '-', starting with a letter or digit");
        }
        if (stack === "prod" && remote.versioning === false) {
            // Versioning is the control that makes an overwrite or a delete undoable (see the permissions output).
            problem(["remotes", name, "versioning"], "must be true in prod: previous versions are what undoes an overwrite or a delete");
        }
        if (typeof remote.bucket !== "string") continue;
        // The stack name is what counts: a bucket named for staging must not deploy in prod.
        if (!nameContainsEnvironment(remote.bucket, stack)) {
            problem(["remotes", name, "bucket"], `"${remote.bucket}" must contain the environment name "${stack}" ` +
                `as a '-'-separated word (e.g. "acme-backup-${stack}-db")`);
        }
        const key = `${String(remote.provider)}:${remote.bucket}`;
        const other = buckets.get(key);
        if (other !== undefined) problem(["remotes", name, "bucket"], `"${remote.bucket}" is already the bucket of remote "${other}"`);
        buckets.set(key, name);
    }

    const remoteNames = remotes.map(([n]) => n);
    const credentials = entries(raw.credentials);
    for (const [name, cred] of credentials) {
        if (!CREDENTIAL_NAME_PATTERN.test(name)) {
            problem(["credentials", name], "credential names must be 1-32 lowercase letters, digits and '-', starting with a letter or digit");
        }
        if (typeof cred.remote === "string" && !remoteNames.includes(cred.remote)) {
            problem(["credentials", name, "remote"], `"${cred.remote}" is not a remote of this environment (remotes: ${remoteNames.join(", ") || "none"})`);
        }
    }
    errors.push(...overlapErrors(credentials, remotes));
    errors.push(...r2LockErrors(stack, remotes, credentials));
    errors.push(...sealingErrors(raw, configPath));
    return errors;
}

/**
 * A sync credential deletes what its source lacks; if its prefix overlaps a
 * copy credential's prefix on the same remote, a sync would delete archives.
 * On R2 the copy prefix carries a bucket lock, which would also refuse the
 * sync's deletions and overwrites: the message says so.
 */
function overlapErrors(credentials: [string, Loose][], remotes: [string, Loose][]): string[] {
    const remoteByName = new Map(remotes);
    const prefixOf = (c: Loose) => {
        const p = prefixSchema.safeParse(c.prefix ?? "");
        return p.success ? p.data : undefined;
    };
    const errors: string[] = [];
    for (const [syncName, sync] of credentials) {
        const syncPrefix = prefixOf(sync);
        if (sync.role !== "sync" || syncPrefix === undefined) continue;
        for (const [copyName, copy] of credentials) {
            const copyPrefix = prefixOf(copy);
            if (copy.role !== "copy" || copy.remote !== sync.remote || copyPrefix === undefined) continue;
            if (syncPrefix.startsWith(copyPrefix) || copyPrefix.startsWith(syncPrefix)) {
                errors.push(`${configPath(["credentials", syncName, "prefix"])}: "${syncPrefix}" overlaps the prefix ` +
                    `"${copyPrefix}" of copy credential "${copyName}" on remote "${String(sync.remote)}": a sync would delete ` +
                    `what "${copyName}" archives${lockConflict(remoteByName.get(String(sync.remote)), copyPrefix)}; ` +
                    "give them disjoint prefixes");
            }
        }
    }
    return errors;
}

function lockConflict(remote: Loose | undefined, copyPrefix: string): string {
    // Without lockDays (allowed outside prod) there is no lock to conflict with.
    if (remote?.provider !== "r2" || typeof remote.lockDays !== "number") return "";
    return `, and the ${remote.lockDays}-day bucket lock on "${copyPrefix}" would refuse the sync's deletions and overwrites`;
}

/** In prod an R2 remote that a copy credential writes to must lock what it archives (R2 has no versioning). */
function r2LockErrors(stack: string, remotes: [string, Loose][], credentials: [string, Loose][]): string[] {
    if (stack !== "prod") return [];
    const errors: string[] = [];
    for (const [name, remote] of remotes) {
        if (remote.provider !== "r2" || remote.lockDays !== undefined) continue;
        const copies = credentials.filter(([, c]) => c.role === "copy" && c.remote === name).map(([n]) => `"${n}"`);
        if (copies.length === 0) continue;
        errors.push(`${configPath(["remotes", name, "lockDays"])}: is required in prod: copy credential${copies.length > 1 ? "s" : ""} ` +
            `${copies.join(", ")} can delete and overwrite on R2, and only a bucket lock rule (lockDays, e.g. 90) protects what ` +
            "they archive");
    }
    return errors;
}

export function configPath(path: readonly PropertyKey[]): string {
    let out = CONFIG_NAMESPACE;
    path.forEach((p, i) => {
        if (typeof p === "number") out += `[${p}]`;
        else out += (i === 0 ? ":" : ".") + String(p);
    });
    return out;
}
