/**
 * An R2 token's expiry: the account token's `expiresOn`, an instant Cloudflare
 * enforces itself and can change in place (so a moved expiry updates the live
 * token rather than replacing it).
 */
import type { ConfigProblem, KeyExpiryContext, KeyExpiryMechanism, PartialSettings } from "../profile";
import type { R2RemoteConfig } from "./schema";

export const R2_KEY_EXPIRY: KeyExpiryMechanism = {
    mechanism: "the account token's expiresOn (Cloudflare refuses the token from then on)",
    fixedAtCreation: false,
};

/** A fixed `tokens.expiresOn` that has passed: every token of the remote is refused from its first request. */
export function r2PastExpiryProblem(remote: string, settings: PartialSettings<R2RemoteConfig>, now: Date | undefined): ConfigProblem[] {
    const expiresOn = settings.tokens?.expiresOn;
    if (expiresOn === undefined || now === undefined || Date.parse(expiresOn) > now.getTime()) return [];
    return [
        {
            path: ["remotes", remote, "tokens", "expiresOn"],
            message:
                `tokens.expiresOn is in the past (${expiresOn}; it is ${now.toISOString().replace(/\.\d{3}Z$/, "Z")} now): Cloudflare would refuse ` +
                "every token of this remote from its first request; set a later instant, or remove it (tokens that do not expire)",
        },
    ];
}

export function r2KeyExpiryProblems({ remote, settings, expiring }: KeyExpiryContext<R2RemoteConfig>): ConfigProblem[] {
    if (settings.tokens?.expiresOn === undefined) return [];
    return [
        {
            path: ["remotes", remote, "tokens", "expiresOn"],
            message:
                `must be removed: maxKeyAgeDays (+ keyRotation.graceDays) now sets when the tokens of ` +
                `${expiring.map((e) => `"${e.credential}"`).join(", ")} expire, from each generation's issue date; ` +
                "keep tokens.expiresOn only on remotes whose credentials have no maxKeyAgeDays",
        },
    ];
}
