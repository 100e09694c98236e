/**
 * Config of a Cloudflare R2 remote. R2 has no object versioning, so there is
 * no `versioning` or `noncurrentVersionExpirationDays` key here: the
 * compensating control for copy credentials is a bucket lock (`lockDays`).
 */
import { z } from "zod";
import { days, lifecycleBaseShape, strictObject } from "../../config-fields";
import { isCidr } from "../../network/cidr";

/** The `provider:` value of an R2 remote. */
export const R2 = "r2";

/** R2 bucket names: 3-63 lowercase letters, digits and '-', starting and ending with a letter or digit. */
export const R2_BUCKET_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** Cloudflare account IDs are 32 lowercase hex characters. */
export const CLOUDFLARE_ACCOUNT_ID_PATTERN = /^[0-9a-f]{32}$/;
export const R2_JURISDICTIONS = ["eu", "fedramp"] as const;
export const R2_LOCATION_HINTS = ["apac", "eeur", "enam", "weur", "wnam", "oc"] as const;
export type R2Jurisdiction = (typeof R2_JURISDICTIONS)[number];

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const tokensSchema = strictObject({
    /** Every token of this remote stops working at this instant (RFC 3339, UTC). */
    expiresOn: z
        .string({ error: 'tokens.expiresOn must be a UTC time such as "2027-12-31T00:00:00Z"' })
        .regex(RFC3339_UTC, { error: 'tokens.expiresOn must be a UTC time such as "2027-12-31T00:00:00Z"' })
        .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().replace(/\.000Z$/, "Z") === s, {
            error: "tokens.expiresOn is not a valid date",
        })
        // In the past is the profile's rule against the clock (index.ts), not the schema's: the schema never reads the clock.
        .optional(),
    /** Client IP ranges the tokens are accepted from (Cloudflare's request.ip "in" condition). */
    allowedIps: z
        .array(
            z.string().refine(isCidr, {
                error: 'each tokens.allowedIps entry must be an IPv4 or IPv6 CIDR such as "203.0.113.0/24" or "2001:db8::/32"',
            }),
            { error: "tokens.allowedIps must be a list of CIDRs" },
        )
        .min(1, { error: "tokens.allowedIps must list at least one CIDR (leave the key out to allow any address)" })
        .optional(),
});

const lifecycleSchema = strictObject({
    abortIncompleteMultipartUploadDays: lifecycleBaseShape.abortIncompleteMultipartUploadDays,
    /** Optional: objects are deleted at this age (a bucket lock rule delays this until its retention ends). */
    expirationDays: lifecycleBaseShape.expirationDays,
    /** Optional: objects move to the Infrequent Access storage class at this age. */
    infrequentAccessAfterDays: days("lifecycle.infrequentAccessAfterDays").optional(),
}).refine((l) => l.expirationDays === undefined || l.infrequentAccessAfterDays === undefined || l.infrequentAccessAfterDays < l.expirationDays, {
    error: "lifecycle.infrequentAccessAfterDays must be smaller than lifecycle.expirationDays (objects would be deleted first)",
});

export const r2RemoteSchema = strictObject({
    provider: z.literal(R2),
    accountId: z
        .string({ error: "accountId must be the Cloudflare account ID (32 hex characters)" })
        .regex(CLOUDFLARE_ACCOUNT_ID_PATTERN, { error: "accountId must be the Cloudflare account ID (32 lowercase hex characters)" }),
    bucket: z.string().regex(R2_BUCKET_PATTERN, {
        error: "bucket must be 3-63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit",
    }),
    /** Data residency guarantee; fixed at creation. Leave out for the default jurisdiction. */
    jurisdiction: z.enum(R2_JURISDICTIONS, { error: `jurisdiction must be one of ${R2_JURISDICTIONS.join(", ")} (leave it out for the default)` }).optional(),
    /** Best-effort placement hint, honoured only when the bucket is first created. */
    locationHint: z.enum(R2_LOCATION_HINTS, { error: `locationHint must be one of ${R2_LOCATION_HINTS.join(", ")}` }).optional(),
    lifecycle: lifecycleSchema.default({ abortIncompleteMultipartUploadDays: 7 }),
    /**
     * Retention of the bucket lock rule on every prefix a copy credential writes
     * to: objects there cannot be deleted or overwritten until they are this old.
     * Required in prod when the remote has a copy credential.
     */
    lockDays: days("lockDays").optional(),
    tokens: tokensSchema.default({}),
});

export type R2RemoteConfig = z.infer<typeof r2RemoteSchema>;
