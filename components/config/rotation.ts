/**
 * The stack config of key rotation, in keys of its own beside `credentials`,
 * so `credentials.<c>.hosts` stays a plain list and every rotation step is a
 * small diff of one key that a reviewer reads in a pull request:
 *
 *   backup-remotes:keyRotation:     { maxKeyAgeDays: 90, graceDays: 14 }
 *   backup-remotes:keyGenerations:
 *     db-archive:
 *       db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }]
 *   backup-remotes:identityQuotas:  { r2: 300 }
 *
 * and `credentials.<c>.maxKeyAgeDays` to override the environment's maximum
 * age for one credential (credential.ts).
 *
 * An existing deployment has none of these keys: every (credential, host)
 * then holds generation 1, of unknown age, that does not expire — exactly the
 * identity, names and resources it always had. `npm run rotate` writes
 * `keyGenerations`; people write the rest.
 */
import { z } from "zod";
import { isCalendarDate, type RotationSpec } from "../rotation/generations";
import { days, strictObject } from "../config-fields";

export const MAX_KEY_AGE_LIMIT_DAYS = 3650;
export const MAX_GRACE_DAYS = 365;
export const DEFAULT_GRACE_DAYS = 14;
/** At most the key in use and the one it replaces: a rotation overlaps two generations, never three. */
export const MAX_GENERATIONS = 2;

export const maxKeyAgeDaysSchema = (key: string) => days(key, MAX_KEY_AGE_LIMIT_DAYS);

export const keyRotationSchema = strictObject({
    /** Keys expire this many days (plus graceDays) after their issue date; unset: keys do not expire. */
    maxKeyAgeDays: maxKeyAgeDaysSchema("keyRotation.maxKeyAgeDays").optional(),
    /** Days a key still works after its maximum age, so a missed rotation is reported before backups stop. */
    graceDays: z
        .number({ error: "keyRotation.graceDays must be a whole number of days" })
        .int({ error: "keyRotation.graceDays must be a whole number of days" })
        .min(0, { error: "keyRotation.graceDays must be 0 or more" })
        .max(MAX_GRACE_DAYS, { error: `keyRotation.graceDays must be at most ${MAX_GRACE_DAYS} days` })
        .default(DEFAULT_GRACE_DAYS),
}).default({ graceDays: DEFAULT_GRACE_DAYS });

const issuedSchema = z
    .string({ error: 'issued must be a date such as "2026-05-01" (quoted)' })
    .refine(isCalendarDate, { error: 'issued must be a UTC calendar date written "YYYY-MM-DD", e.g. "2026-05-01"' });

const generationSchema = strictObject({
    generation: z
        .number({ error: "generation must be a whole number from 1" })
        .int({ error: "generation must be a whole number from 1" })
        .min(1, { error: "generation must be a whole number from 1" }),
    issued: issuedSchema.optional(),
});

/** The generations of one (credential, host): the one in use last, the one it replaces before it. */
export const generationListSchema = z
    .array(generationSchema, { error: 'must list the host\'s key generations, e.g. [{ generation: 2, issued: "2026-05-01" }]' })
    .min(1, { error: "must list at least the generation in use (remove the host's entry to go back to generation 1)" })
    .max(MAX_GENERATIONS, { error: `lists more than ${MAX_GENERATIONS} generations: retire the oldest first (npm run rotate -- --retire)` })
    .superRefine((list, ctx) => {
        list.forEach((g, i) => {
            if (g.generation > 1 && g.issued === undefined) {
                ctx.addIssue({ code: "custom", path: [i, "issued"], message: `generation ${g.generation} needs its issue date ("YYYY-MM-DD")` });
            }
            const before = list[i - 1];
            if (before === undefined) return;
            if (g.generation !== before.generation + 1) {
                ctx.addIssue({
                    code: "custom",
                    path: [i, "generation"],
                    message: `must be ${before.generation + 1}, the generation after ${before.generation}`,
                });
            }
            if (
                g.issued !== undefined &&
                before.issued !== undefined &&
                isCalendarDate(g.issued) &&
                isCalendarDate(before.issued) &&
                g.issued < before.issued
            ) {
                ctx.addIssue({
                    code: "custom",
                    path: [i, "issued"],
                    message: `${g.issued} is before the issue date of generation ${before.generation} (${before.issued})`,
                });
            }
        });
    });

/** One credential's entry of keyGenerations: host → generations. */
export const hostGenerationsSchema = z.record(z.string(), generationListSchema, { error: "must map host names to their key generations" });

export const keyGenerationsSchema = z
    .record(z.string(), hostGenerationsSchema, {
        error: "keyGenerations must map credential names to hosts and their key generations",
    })
    .default({});

export const identityQuotasSchema = z
    .record(
        z.string(),
        z
            .number({ error: "each quota must be a whole number of identities" })
            .int({ error: "each quota must be a whole number of identities" })
            .min(1, { error: "each quota must be at least 1" }),
        {
            error: "identityQuotas must map provider names to the number of identities this stack may hold in one account",
        },
    )
    .default({});

/** The top-level keys, spread into the environment's schema. */
export const rotationConfigShape = {
    keyRotation: keyRotationSchema,
    keyGenerations: keyGenerationsSchema,
    identityQuotas: identityQuotasSchema,
};

type RotationConfig = { [K in keyof typeof rotationConfigShape]: z.infer<(typeof rotationConfigShape)[K]> };

export function rotationSpec(cfg: RotationConfig & { credentials: Readonly<Record<string, { readonly maxKeyAgeDays?: number | undefined }>> }): RotationSpec {
    const overrides = Object.entries(cfg.credentials).filter((e): e is [string, { maxKeyAgeDays: number }] => e[1].maxKeyAgeDays !== undefined);
    return {
        ...(cfg.keyRotation.maxKeyAgeDays !== undefined ? { maxKeyAgeDays: cfg.keyRotation.maxKeyAgeDays } : {}),
        graceDays: cfg.keyRotation.graceDays,
        credentialMaxKeyAgeDays: Object.fromEntries(overrides.map(([name, c]) => [name, c.maxKeyAgeDays])),
        generations: cfg.keyGenerations,
        identityQuotas: cfg.identityQuotas,
    };
}
