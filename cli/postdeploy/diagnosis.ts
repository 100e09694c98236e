/**
 * What a failed call most likely means, from its error text (its kind:
 * cli/shared/error-kind.ts, shared with the host self-test).
 *
 * "no such host" alone cannot tell a wrong host name from a machine whose DNS
 * answers nothing (seen here: a resolver that answers NXDOMAIN for every name
 * when there is no upstream). The runner settles it by resolving a public
 * host of the provider (networkCheck): if that fails too, the network is
 * down and the endpoint is not blamed.
 */
import { lookup } from "node:dns/promises";
import type { ProviderName } from "../../components/outputs";
import { grantLabel, grantsAllowing, grantsForCapability } from "../../components/permissions/access";
import type { Capability } from "../../components/permissions/roles";
import { PROVIDERS } from "../../components/providers/registry";
import type { ErrorKind } from "./error-kinds";

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
    /** The provider's public host and whether it resolved (when a host name did not). */
    readonly canary?: { readonly host: string; readonly resolves: boolean };
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
            return "the access key is unknown to the endpoint: wrong key id or endpoint, key deleted or expired, or not yet propagated";
        case "connection-refused":
            return `connection refused: the endpoint${where} is wrong (host or port) or the server is down`;
        case "network":
            return `this machine cannot reach the network (no route, or its DNS server is unreachable): check connectivity, proxy and DNS; the endpoint${where} is not necessarily wrong`;
        case "dns-name":
            return dnsDiagnosis(where, ctx.canary);
        case "tls":
            return `TLS/scheme mismatch: the endpoint${where} has the wrong scheme (http vs https) or certificate`;
        case "timeout":
            return `timed out: the endpoint${where} is unreachable or too slow`;
        case "no-such-bucket":
            return "the bucket does not exist at this endpoint: wrong bucket name, endpoint or region";
        case "not-found":
            return "not found where something was expected";
        case "not-implemented":
            return "the provider does not implement this call";
        case "rcd":
            return "the local rclone rcd stopped answering; rerun with --rclone-log <file> to see rclone's log";
        case "access-denied":
            return accessDeniedDiagnosis(ctx);
        case "other":
            return "unrecognised error; see the message";
    }
}

function dnsDiagnosis(where: string, canary: FailureContext["canary"]): string {
    if (canary?.resolves === false) {
        return `DNS resolves nothing here, not even ${canary.host}: this machine has no working network or DNS; the endpoint${where} is not necessarily wrong`;
    }
    if (canary?.resolves) return `DNS lookup failed for the endpoint host${where} while ${canary.host} resolves: the endpoint host is wrong`;
    return `DNS lookup failed for the endpoint host${where}: a wrong host name, or DNS is not working on this machine`;
}

function accessDeniedDiagnosis(ctx: FailureContext): string {
    if (!ctx.listWorked) return "403 on everything: wrong region or endpoint, or the credential has no policy attached";
    if (ctx.capability && ctx.capability !== "list") {
        return `list works but ${ctx.capability} is refused: missing ${ctx.capability} permission (${grantNames(ctx.provider, ctx.capability)})`;
    }
    return "refused (403)";
}

/** The provider grants that give a capability, for the diagnosis text (from the provider's access model). */
function grantNames(provider: ProviderName, capability: Capability): string {
    const profile = PROVIDERS.find(provider);
    if (!profile) return `${capability} permission`;
    const issued = grantsForCapability(profile.access, capability);
    return issued.length ? issued.map((g) => grantLabel(profile.access, g)).join(", ") : grantsAllowing(profile.access, capability).join(" or ");
}

export function overPrivilegedDiagnosis(role: string, attempt: string): string {
    return `over-privileged: the ${role} credential can ${attempt} although its role forbids it and the permission model names no deviation for this provider; its grants exceed the model`;
}

/** Whether `host` resolves; used to tell a dead network from a wrong host name. */
export async function resolves(host: string, timeoutMs = 5000): Promise<boolean> {
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref());
    return Promise.race([
        lookup(host).then(
            () => true,
            () => false,
        ),
        timeout,
    ]);
}
