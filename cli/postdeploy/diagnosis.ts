/**
 * What an rclone failure most likely means, from its error text. The texts
 * were captured from rclone 1.60 against radosgw (signature, unknown key,
 * refused connection, DNS, TLS, 403) and from rclone's issue tracker for AWS
 * region errors (301 BucketRegionError, AuthorizationHeaderMalformed).
 */
import type { ProviderName } from "../../components/outputs";
import { grantsAllowing, grantsForCapability } from "../../components/permissions/access";
import type { Capability } from "../../components/permissions/roles";
import { PROVIDERS } from "../../components/providers/registry";

export type ErrorKind =
    | "signature" | "unknown-key" | "wrong-region" | "connection-refused" | "dns" | "timeout" | "tls"
    | "ca-bundle" | "no-such-bucket" | "access-denied" | "other";

const RULES: readonly [ErrorKind, RegExp][] = [
    ["ca-bundle", /LoadCustomCABundleError/],
    ["wrong-region", /BucketRegionError|PermanentRedirect|AuthorizationHeaderMalformed|IllegalLocationConstraint|status code: 301\b|the region '[^']*' is wrong/],
    ["signature", /SignatureDoesNotMatch|signature we calculated does not match/i],
    // B2 answers "401 unauthorized" both to a wrong key and to a capability it lacks: left to access-denied.
    ["unknown-key", /InvalidAccessKeyId|access key id you provided does not exist|bad_auth_token/i],
    ["connection-refused", /connection refused/],
    ["dns", /no such host|server misbehaving|Temporary failure in name resolution/],
    ["tls", /server gave HTTP response to HTTPS client|x509:|tls: /],
    ["timeout", /i\/o timeout|context deadline exceeded|TLS handshake timeout|killed after the/],
    ["no-such-bucket", /NoSuchBucket|bucket does not exist|directory not found/i],
    ["access-denied", /AccessDenied|Forbidden|status code: 403|failed to delete \d+ files|\bunauthorized\b/i],
];

export function classifyError(stderr: string): ErrorKind {
    for (const [kind, re] of RULES) if (re.test(stderr)) return kind;
    return "other";
}

/** Errors a freshly minted key gives while it propagates: retried for a bounded time. */
export function isAuthPropagationError(kind: ErrorKind): boolean {
    return kind === "signature" || kind === "unknown-key";
}

export interface FailureContext {
    readonly provider: ProviderName;
    readonly endpoint: string;
    /** The capability the failed check needed, when it is one. */
    readonly capability?: Capability;
    /** Whether listing the section's own path worked in this run. */
    readonly listWorked: boolean;
}

/** One sentence: the likely cause and where to look. */
export function diagnose(kind: ErrorKind, ctx: FailureContext): string {
    const where = ctx.endpoint ? ` (${ctx.endpoint})` : "";
    switch (kind) {
        case "ca-bundle":
            return "rclone 1.60 cannot load the CA bundle named by AWS_CA_BUNDLE; unset it for rclone";
        case "wrong-region":
            return `301 / region error: the section's region or endpoint${where} is not the bucket's`;
        case "signature":
            return "signature mismatch: wrong secret key, or the region/endpoint does not match the bucket (a new key may still be propagating)";
        case "unknown-key":
            return "the access key is unknown to the endpoint: wrong key id or endpoint, key deleted, or not yet propagated";
        case "connection-refused":
            return `connection refused: the endpoint${where} is wrong (host or port) or the server is down`;
        case "dns":
            return `DNS lookup failed: the endpoint host${where} is wrong`;
        case "tls":
            return `TLS/scheme mismatch: the endpoint${where} has the wrong scheme (http vs https) or certificate`;
        case "timeout":
            return `timed out: the endpoint${where} is unreachable or too slow`;
        case "no-such-bucket":
            return "the bucket does not exist at this endpoint: wrong bucket name, endpoint or region";
        case "access-denied":
            if (!ctx.listWorked) return "403 on everything: wrong region or endpoint, or the credential has no policy attached";
            if (ctx.capability && ctx.capability !== "list") {
                return `list works but ${ctx.capability} is refused: missing ${ctx.capability} permission (${grantNames(ctx.provider, ctx.capability)})`;
            }
            return "refused (403)";
        case "other":
            return "unrecognised rclone error; see the message";
    }
}

/** The provider grants that give a capability, for the diagnosis text (from the provider's access model). */
function grantNames(provider: ProviderName, capability: Capability): string {
    const profile = PROVIDERS.find(provider);
    if (!profile) return `${capability} permission`;
    const issued = grantsForCapability(profile.access, capability);
    return issued.length ? issued.join(", ") : grantsAllowing(profile.access, capability).join(" or ");
}

export function overPrivilegedDiagnosis(role: string, attempt: string): string {
    return `over-privileged: the ${role} credential can ${attemptText(attempt)} although its role forbids it and the permission model names no deviation for this provider; its grants exceed the model`;
}

export function attemptText(attempt: string): string {
    switch (attempt) {
        case "outside-prefix": return "reach outside its prefix";
        case "other-bucket": return "reach another environment's bucket";
        default: return attempt;
    }
}
