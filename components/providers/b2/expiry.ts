/**
 * A B2 key's expiry: `validDurationInSeconds`, which B2 counts from the key's
 * creation (b2_create_key takes a duration, not a date, and is below 1000
 * days). The program never reads the clock, so the duration is the lifetime
 * itself (maxKeyAgeDays + graceDays): a key created the day it is issued
 * expires on the date the permissions output states, one deployed d days
 * later lives d days longer.
 *
 * B2 keys cannot be changed, only replaced: a changed lifetime would replace
 * every live key at once, the downtime rotation exists to avoid. So a key
 * keeps the lifetime it was created with (ignoreChanges) and a new maximum age
 * reaches B2 with each key's next generation.
 */
import type { ConfigProblem, KeyExpiryContext, KeyExpiryMechanism } from "../profile";
import { B2_MAX_KEY_LIFETIME_DAYS, type B2RemoteConfig } from "./schema";

export const B2_KEY_EXPIRY: KeyExpiryMechanism = {
    mechanism:
        "validDurationInSeconds, counted by B2 from the key's creation; fixed when the key is created (a new maximum age applies from the next generation)",
    fixedAtCreation: true,
};

export const DAY_SECONDS = 86_400;

/** The key property a rotation-managed key never changes in place. */
export const B2_FIXED_AT_CREATION = ["validDurationInSeconds"];

export function b2KeyExpiryProblems({ remote, settings, expiring }: KeyExpiryContext<B2RemoteConfig>): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    const names = expiring.map((e) => `"${e.credential}"`).join(", ");
    if (settings.keyLifetimeDays !== undefined) {
        out.push({
            path: ["remotes", remote, "keyLifetimeDays"],
            message:
                `must be removed: maxKeyAgeDays (+ keyRotation.graceDays) now sets the lifetime of the keys of ${names}; ` +
                "keep keyLifetimeDays only on remotes whose credentials have no maxKeyAgeDays",
        });
    }
    for (const e of expiring.filter((x) => x.lifetimeDays > B2_MAX_KEY_LIFETIME_DAYS)) {
        out.push({
            path: ["credentials", e.credential, "maxKeyAgeDays"],
            message:
                `with keyRotation.graceDays gives B2 keys of remote "${remote}" a lifetime of ${e.lifetimeDays} days; ` +
                `B2 allows at most ${B2_MAX_KEY_LIFETIME_DAYS} (lower maxKeyAgeDays or graceDays)`,
        });
    }
    return out;
}
