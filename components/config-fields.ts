/** Schema pieces shared by every provider's remote and by credentials. */
import { z } from "zod";

/** A plain object (not null, not an array): how rules read raw config values the schema has not parsed. */
export function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A strict object whose unknown-key error lists the keys that are valid, so a
 * typo (`lifecyle:`) is answered with the right spelling.
 */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
    const valid = Object.keys(shape).join(", ");
    return z.strictObject(shape, {
        error: (issue) =>
            issue.code === "unrecognized_keys"
                ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (valid keys: ${valid})`
                : undefined,
    });
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
export const prefixSchema = z
    .string({ error: 'prefix must be a string such as "db/" ("" for the whole bucket)' })
    .transform((raw, ctx) => {
        const segments = raw.split("/").filter((s) => s !== "");
        for (const s of segments) {
            if (s === "." || s === "..") {
                ctx.addIssue({ code: "custom", message: `prefix "${raw}" must not contain "." or ".." segments` });
                return z.NEVER;
            }
        }
        if (/[*?$\\\u0000-\u001f]/.test(raw)) {
            ctx.addIssue({
                code: "custom",
                message: `prefix "${raw}" must not contain *, ?, $, \\ or control characters (IAM would read them as wildcards)`,
            });
            return z.NEVER;
        }
        return segments.length ? segments.join("/") + "/" : "";
    });

export const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9]{1,15}$/;
export const CREDENTIAL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const REMOTE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const HOST_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{0,62}$/;

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
    "prod", "production", "prd", "live", "staging", "stage", "stg", "preprod", "dev", "development", "test", "qa", "uat", "sandbox", "demo",
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

/** The tier raw config asks for: anything but an explicit `test` is production, so a typo never weakens a stack. */
export function rawTier(raw: Readonly<Record<string, unknown>>): Tier {
    return raw.tier === "test" ? "test" : "production";
}
