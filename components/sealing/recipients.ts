/**
 * Which public keys a host file can be sealed to. age X25519 recipients only
 * (`age1…`, what `age-keygen` prints): the age library we use
 * (`age-encryption`) has no `ssh-ed25519` recipient, and post-quantum
 * (`age1pq1…`) or tag recipients cannot be opened by the age 1.1 that
 * Debian 12 ships. Each refusal says what to do instead.
 *
 * The age library is loaded only when a key reaches the checksum check, so
 * programs whose config sets no hostKeys never load it.
 */

/** `age1` + bech32 of a 32-byte X25519 key: 58 lowercase bech32 characters. */
const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

export type RecipientCheck = { readonly ok: true; readonly recipient: string } | { readonly ok: false; readonly reason: string };

export function checkAgeRecipient(value: unknown): RecipientCheck {
    if (typeof value !== "string") return { ok: false, reason: "must be an age public key (age1…) as `age-keygen` prints it" };
    const key = value.trim();
    if (/^AGE-SECRET-KEY-/i.test(key)) {
        return {
            ok: false,
            reason:
                "is an age PRIVATE key: remove it from the config, treat it as leaked (make a new key on the host), " +
                "and put the public key here (`age-keygen -y <keyfile>` prints it)",
        };
    }
    if (/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-|sk-ssh-)/.test(key)) {
        return {
            ok: false,
            reason:
                "is an SSH public key; SSH recipients are not supported (the age library used here has none). " +
                "Make an age key on the host (`age-keygen -o /etc/backup-remotes/age.key`) and put the age1… public key it prints here",
        };
    }
    if (/^age1(pq|tag)/.test(key)) {
        return {
            ok: false,
            reason:
                "is a post-quantum or tag age recipient, which the age 1.1 of Debian 12 cannot open; " +
                "use an X25519 key from `age-keygen` (age1 followed by 58 characters)",
        };
    }
    if (!X25519_RECIPIENT.test(key) || !checksumValid(key)) {
        return {
            ok: false,
            reason:
                "is not a valid age public key: expected age1 followed by 58 lowercase characters, " +
                "exactly as `age-keygen` prints it (check for a truncated or mistyped key)",
        };
    }
    return { ok: true, recipient: key };
}

/** The library decodes the bech32 checksum and key length; a typo anywhere fails here. */
function checksumValid(key: string): boolean {
    const { Encrypter } = require("age-encryption") as typeof import("age-encryption");
    try {
        new Encrypter().addRecipient(key);
        return true;
    } catch {
        return false;
    }
}
