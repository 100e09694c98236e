/**
 * Values not known yet (a preview's ids, keys, secrets), in the form the engine sends them on: the
 * wire sentinel. The mock runtime hands the plan the SDK's `unknown` object instead; a policy pack
 * (whose proxy throws on the sentinel) and the JSON plan need the engine's form.
 */
import * as pulumi from "@pulumi/pulumi";

export const ENGINE_UNKNOWN: string = pulumi.runtime.unknownValue;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);

/** Deep copy of an engine-side value with each SDK unknown replaced by the engine's sentinel. */
export function wireUnknowns(value: unknown): unknown {
    if (pulumi.isUnknown(value)) return ENGINE_UNKNOWN;
    if (Array.isArray(value)) return value.map(wireUnknowns);
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireUnknowns(v)]));
    return value;
}

/** Whether a wire value is unknown at its top (a secret whose value is unknown counts). */
export function isWireUnknown(value: unknown): boolean {
    if (value === ENGINE_UNKNOWN) return true;
    return isPlainObject(value) && value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig && value.value === ENGINE_UNKNOWN;
}
