/** Config of one credential: a role on one remote's prefix, issued to hosts. */
import { z } from "zod";
import { ROLES } from "../permissions/roles";
import { hostNameSchema, prefixSchema, strictObject } from "../config-fields";
import { maxKeyAgeDaysSchema } from "./rotation";

export const credentialSchema = strictObject({
    role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }),
    remote: z.string({ error: "remote must name one of this environment's remotes" }),
    prefix: prefixSchema.default(""),
    hosts: z
        .array(hostNameSchema, { error: "hosts must be a list of host names" })
        .min(1, { error: "hosts must name at least one host that receives this credential" })
        .refine((h) => new Set(h).size === h.length, { error: "hosts must not list a host twice" }),
    /** This credential's keys expire after this many days (plus keyRotation.graceDays), overriding keyRotation.maxKeyAgeDays. */
    maxKeyAgeDays: maxKeyAgeDaysSchema("maxKeyAgeDays").optional(),
});

export type CredentialConfig = z.infer<typeof credentialSchema>;
