/** The schemas of `hostKeys` (host → age public key) and `breakGlassKeys` (operators' age public keys). */
import { z } from "zod";
import { checkAgeRecipient } from "../sealing/recipients";

export const ageRecipientSchema = z.string({ error: "must be an age public key (age1…) as `age-keygen` prints it" }).transform((value, ctx) => {
    const check = checkAgeRecipient(value);
    if (check.ok) return check.recipient;
    ctx.addIssue({ code: "custom", message: check.reason });
    return z.NEVER;
});

export const hostKeysSchema = z.record(z.string(), ageRecipientSchema, { error: "hostKeys must map host names to age public keys (age1…)" });
export const breakGlassKeysSchema = z.array(ageRecipientSchema, { error: "breakGlassKeys must be a list of age public keys (age1…)" });
