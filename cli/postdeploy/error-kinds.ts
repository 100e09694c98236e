/**
 * What a failed call most likely was, whichever way it was made (rclone's rc
 * API, the S3 SDK, B2's native API). Classification lives in diagnosis.ts;
 * the provider-specific texts behind it in provider-probes.ts.
 */
export const ERROR_KINDS = [
    "ca-bundle", "wrong-region", "signature", "unknown-key", "connection-refused",
    /** The endpoint's host name does not resolve (while DNS itself works). */
    "dns-name",
    /** No route, network unreachable, DNS server unreachable: this machine cannot reach the network. */
    "network",
    "tls", "timeout", "no-such-bucket", "not-found", "not-implemented", "access-denied",
    /** Our own rclone rcd is gone or does not answer. */
    "rcd",
    "other",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A pattern that identifies one kind of error in a message. */
export interface ErrorSignature {
    readonly kind: ErrorKind;
    readonly pattern: RegExp;
}
