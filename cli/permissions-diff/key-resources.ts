/**
 * The credential resources of a plan (the types a profile's credential-input
 * table declares: IAM users, policies and keys, B2 keys, Cloudflare tokens),
 * each under a key that is the same in every plan form: type and logical
 * name, not the URN (whose parent chain differs between the mock monitor and
 * the engine), and the logical name of the identity component it belongs to.
 */
import type { ProviderRegistry } from "../../components/providers/registry";

export interface KeyResource {
    readonly type: string;
    readonly name: string;
    /** Logical name of the identity (credential × host × generation) component it belongs to. */
    readonly identity: string;
    readonly inputs: unknown;
    /** Recorded by plans that print it; else the profile's rules say what the program ignores. */
    readonly ignoreChanges?: readonly string[];
}

export interface PlanResourceRecord {
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly inputs?: unknown;
    readonly ignoreChanges?: readonly string[] | undefined;
}

/** The logical name at the end of a URN (`urn:pulumi:<stack>::<project>::<type chain>::<name>`). */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

export const keyResourceKey = (type: string, name: string): string => `${type}::${name}`;

/** The plan's credential resources by type and name; undefined when the plan records no inputs (a base that predates them). */
export function keyResourcesOf(resources: readonly PlanResourceRecord[], registry: ProviderRegistry): Record<string, KeyResource> | undefined {
    if (resources.length > 0 && resources.every((r) => r.inputs === undefined)) return undefined;
    const credentialTypes = new Set(registry.profiles.flatMap((p) => Object.keys(p.credentialInputs)));
    const out: Record<string, KeyResource> = {};
    for (const r of resources) {
        if (!credentialTypes.has(r.type)) continue;
        out[keyResourceKey(r.type, r.name)] = {
            type: r.type,
            name: r.name,
            identity: r.parent === null ? r.name : urnName(r.parent),
            inputs: r.inputs ?? {},
            ...(r.ignoreChanges !== undefined ? { ignoreChanges: [...r.ignoreChanges] } : {}),
        };
    }
    return out;
}
