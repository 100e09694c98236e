/**
 * Engine-side secret values (the wrapped form the mock runtime hands over),
 * walked in one place: the plan's redaction and the sealing state's unwrapping
 * differ only in what a secret becomes.
 */
import * as pulumi from "@pulumi/pulumi";

/** Deep copy of an engine-side value with each secret-wrapped value replaced by what `onSecret` returns for its wrapped value. */
export function mapSecrets(value: unknown, onSecret: (wrapped: unknown) => unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => mapSecrets(v, onSecret));
    if (typeof value === "object" && value !== null) {
        const obj = value as Record<string, unknown>;
        if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return onSecret(obj.value);
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, mapSecrets(v, onSecret)]));
    }
    return value;
}
