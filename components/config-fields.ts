/** Schema pieces shared by every provider's remote and by credentials. */
import { z } from "zod";

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The message for keys a mapping does not know, naming the ones it does. */
export function unknownKeysMessage(keys: readonly string[], valid: readonly string[]): string {
    return `unknown key${keys.length > 1 ? "s" : ""} ${keys.map(quoted).join(", ")} (valid keys: ${valid.join(", ")})`;
}

/**
 * A strict object whose unknown-key error lists the keys that are valid, so a
 * typo (`lifecyle:`) is answered with the right spelling.
 */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
    const valid = Object.keys(shape);
    return z.strictObject(shape, {
        error: (issue) => (issue.code === "unrecognized_keys" ? unknownKeysMessage(issue.keys, valid) : undefined),
    });
}

/**
 * Characters that must not reach a name, a prefix or a message: C0 and C1
 * controls, DEL, and the invisible bidirectional marks (U+061C, U+200E/F,
 * U+202A–U+202E, U+2066–U+2069), which make text read otherwise than it is
 * ("db/\u202Egpj.exe" shows as "db/exe.jpg").
 */
export const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** `s` with every control or bidirectional character written as \u{…}, so a message shows what is really there. */
export function visible(s: string): string {
    return s.replace(new RegExp(CONTROL_OR_BIDI.source, "gu"), (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`);
}

/** A user's string quoted for a message, its invisible characters made visible. */
export function quoted(s: string): string {
    return `"${visible(s)}"`;
}

export function days(what: string, max = 36500) {
    return z
        .number({ error: `${what} must be a whole number of days` })
        .int({ error: `${what} must be a whole number of days` })
        .min(1, { error: `${what} must be at least 1 day` })
        .max(max, { error: `${what} must be at most ${max} days` });
}

/** Lifecycle settings every provider understands; leaves add their own. */
export const lifecycleBaseShape = {
    /** Days a noncurrent (AWS) / hidden (B2) version is kept before deletion. */
    noncurrentVersionExpirationDays: days("noncurrentVersionExpirationDays").default(30),
    /** Days after which unfinished multipart / large-file uploads are aborted. */
    abortIncompleteMultipartUploadDays: days("abortIncompleteMultipartUploadDays").default(7),
    /** Optional: days after which current objects expire (AWS/R2) or are hidden (B2). */
    expirationDays: days("expirationDays").optional(),
};

export const objectLockSchema = strictObject({
    mode: z.enum(["GOVERNANCE", "COMPLIANCE"], { error: 'mode must be "GOVERNANCE" or "COMPLIANCE"' }),
    days: days("objectLock.days"),
});

/**
 * A prefix inside a bucket, normalised to "" or "a/b/". `*`, `?` and `$` are
 * refused because IAM's StringLike would read them as wildcards / variables,
 * widening the credential.
 */
export const prefixSchema = z.string({ error: 'prefix must be a string such as "db/" ("" for the whole bucket)' }).transform((raw, ctx) => {
    const segments = raw.split("/").filter((s) => s !== "");
    for (const s of segments) {
        if (s === "." || s === "..") {
            ctx.addIssue({ code: "custom", message: `prefix "${raw}" must not contain "." or ".." segments` });
            return z.NEVER;
        }
    }
    if (/[*?$\\]/.test(raw)) {
        ctx.addIssue({
            code: "custom",
            message: `prefix ${quoted(raw)} must not contain *, ?, $ or \\ (IAM would read them as wildcards)`,
        });
        return z.NEVER;
    }
    const hidden = CONTROL_OR_BIDI.exec(raw);
    if (hidden) {
        ctx.addIssue({
            code: "custom",
            message:
                `prefix ${quoted(raw)} must not contain control or invisible bidirectional characters ` +
                `(${visible(hidden[0])} at character ${hidden.index + 1}): object names under it would read otherwise than they are`,
        });
        return z.NEVER;
    }
    return segments.length ? segments.join("/") + "/" : "";
});

export const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9]{1,15}$/;
export const CREDENTIAL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const REMOTE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
const HOST_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{0,62}$/;
const HOST_NAME_RULE = "1-63 characters of lowercase letters, digits, '.' and '-', starting with a letter or digit";

/**
 * Why `host` is not a host name: 1-63 lowercase letters, digits, '.' and '-',
 * and a DNS name (RFC 1123): no empty label (`db1.`, `db1..example`), no label
 * starting or ending with '-'. Host names become IAM user, B2 key and R2 token
 * names, rclone section names and file names on the host.
 */
export function hostNameProblem(host: string): string | undefined {
    if (!HOST_NAME_PATTERN.test(host)) return `must be ${HOST_NAME_RULE}`;
    const labels = host.split(".");
    if (labels.some((l) => l === ""))
        return `${quoted(host)} has an empty label (a trailing or doubled '.'): write the host's DNS name, e.g. "db1" or "db1.example.org"`;
    const dashed = labels.find((l) => l.startsWith("-") || l.endsWith("-"));
    if (dashed !== undefined) return `${quoted(host)}: the label ${quoted(dashed)} starts or ends with '-', which a DNS name may not`;
    return undefined;
}

/** A host name (hostNameProblem), as credentials list them. */
export const hostNameSchema = z.string({ error: `each host must be ${HOST_NAME_RULE}` }).superRefine((host, ctx) => {
    const problem = hostNameProblem(host);
    if (problem === undefined) return;
    ctx.addIssue({ code: "custom", message: problem.startsWith("must be") ? `each host ${problem}` : `host ${problem}` });
});

/** Whether `name` contains `environment` as one of its `-`/`.`-separated words. */
export function nameContainsEnvironment(name: string, environment: string): boolean {
    return name.split(/[-.]/).includes(environment);
}

/**
 * Words that name an environment in bucket names. A bucket that carries one
 * besides its own environment's (`acme-backup-prod-staging-main` in staging)
 * belongs to, or was copied from, that other environment.
 */
export const ENVIRONMENT_WORDS: readonly string[] = [
    "prod",
    "production",
    "prd",
    "live",
    "staging",
    "stage",
    "stg",
    "preprod",
    "dev",
    "development",
    "test",
    "qa",
    "uat",
    "sandbox",
    "demo",
];

/** Names that say production: such an environment may not opt into the test tier. */
export const PRODUCTION_WORDS: readonly string[] = ["prod", "production", "prd", "live"];

/** Environment words in `name` other than `environment` itself. */
export function otherEnvironmentWords(name: string, environment: string): string[] {
    const words = name.split(/[-.]/);
    return ENVIRONMENT_WORDS.filter((w) => w !== environment && words.includes(w));
}

/**
 * `production` (the default): buckets protected, versioning on, R2 copy
 * prefixes locked, policy violations block. `test`: an environment opts out,
 * visibly, in its own config (e.g. staging, which is torn down and rebuilt).
 */
export const TIERS = ["production", "test"] as const;
export type Tier = (typeof TIERS)[number];
