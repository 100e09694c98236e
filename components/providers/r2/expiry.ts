/**
 * An R2 token's expiry: the account token's `expiresOn`, an instant Cloudflare
 * enforces itself and can change in place (so a moved expiry updates the live
 * token rather than replacing it).
 */
import { isRecord } from "../../config-fields";
import type { ConfigProblem, KeyExpiryContext, KeyExpiryMechanism } from "../profile";

export const R2_KEY_EXPIRY: KeyExpiryMechanism = {
    mechanism: "the account token's expiresOn (Cloudflare refuses the token from then on)",
    fixedAtCreation: false,
};

export function r2KeyExpiryProblems({ remote, raw, expiring }: KeyExpiryContext): ConfigProblem[] {
    const tokens = raw.tokens;
    const fixed = isRecord(tokens) && tokens.expiresOn !== undefined;
    if (!fixed) return [];
    return [{
        path: ["remotes", remote, "tokens", "expiresOn"],
        message: `must be removed: maxKeyAgeDays (+ keyRotation.graceDays) now sets when the tokens of ` +
            `${expiring.map((e) => `"${e.credential}"`).join(", ")} expire, from each generation's issue date; ` +
            "keep tokens.expiresOn only on remotes whose credentials have no maxKeyAgeDays",
    }];
}
