/**
 * Reading resources as the policy engine hands them over: the stack's
 * environment from URNs, values that may be unknown during preview, tags,
 * and the links between a bucket and the resources that configure it.
 */
import type { PolicyResource } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import { awsProfile } from "../components/providers/aws";
import { PROVIDERS } from "../components/providers/registry";
import { TAG } from "../components/tags";

/** The root stack resource, which carries the stack's outputs. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Bucket resource types of every registered provider, with the property holding the bucket's name. */
const BUCKET_NAME_KEYS: Readonly<Record<string, string>> = Object.assign({}, ...PROVIDERS.profiles.map((p) => p.resources.buckets));

export const BUCKET_TYPES: readonly string[] = Object.keys(BUCKET_NAME_KEYS);
export const AWS_BUCKET_TYPES: readonly string[] = Object.keys(awsProfile.resources.buckets);

/** Credential resource types of every registered provider, with their secret outputs. */
export const SECRET_OUTPUTS: Readonly<Record<string, readonly string[]>> = Object.assign({}, ...PROVIDERS.profiles.map((p) => p.resources.credentials));
export const CREDENTIAL_TYPES: readonly string[] = Object.keys(SECRET_OUTPUTS);

export { TAG };

/** The stack name from a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`): the environment. */
export function stackOfUrn(urn: string): string {
    const head = urn.split("::")[0] ?? "";
    return head.split(":")[2] ?? "";
}

export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Maybe<T> = T | typeof UNKNOWN;

/**
 * Read a value that may be unknown during preview. The engine's proxy throws
 * on access to an unknown value; a rule then skips that one check (it runs
 * again with real values in `pulumi up`) instead of failing the whole policy.
 */
export function known<T>(read: () => T): Maybe<T> {
    try {
        const v = read();
        // Touch nested arrays/objects so unknown elements surface here, not later.
        JSON.stringify(v);
        return v;
    } catch (e) {
        if (e instanceof UnknownValueError) return UNKNOWN;
        throw e;
    }
}

export const isKnown = <T>(v: Maybe<T>): v is T => v !== UNKNOWN;

/**
 * An identity's inline policy resources as the one policy they act as: their
 * documents' statements merged, a document that cannot be read standing as an
 * unreadable statement; UNKNOWN while any document is unknown.
 */
export function mergedInlinePolicy(policies: readonly PolicyResource[]): Maybe<{ Version: "2012-10-17"; Statement: unknown[] }> {
    const docs = policies.map((p) => known(() => p.props.policy));
    if (!docs.every(isKnown)) return UNKNOWN;
    return { Version: "2012-10-17", Statement: docs.flatMap(statementsOf) };
}

function statementsOf(doc: unknown): unknown[] {
    try {
        const parsed = typeof doc === "string" ? (JSON.parse(doc) as { Statement?: unknown }) : (doc as { Statement?: unknown });
        return Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
    } catch {
        return [{ unreadable: true }];
    }
}

export function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

/** A resource's tags; `{}` when it has none or they are not known yet (see tagsKnown). */
export function tagsOf(props: Record<string, unknown>): Record<string, string> {
    const t = known(() => props.tags);
    if (!isKnown(t) || typeof t !== "object" || t === null) return {};
    return Object.fromEntries(Object.entries(t as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export function tagsKnown(props: Record<string, unknown>): boolean {
    return isKnown(known(() => props.tags));
}

/** A short label for violation messages: type and logical name. */
export function label(r: { type: string; name: string }): string {
    return `${r.type} "${r.name}"`;
}

/** Every resource of one of the types. */
export function ofType(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/** The property that holds a bucket resource's name (from its provider's profile). */
export function bucketNameKey(type: string): string {
    return BUCKET_NAME_KEYS[type] ?? "bucket";
}

/** The name of a bucket resource of any registered provider, when known. */
export function bucketName(r: PolicyResource): string | undefined {
    const v = known(() => r.props[bucketNameKey(r.type)]);
    return isKnown(v) ? str(v) : undefined;
}

/**
 * The bucket a configuring resource (versioning, lifecycle, key, lock…)
 * points at through `property`: by the engine's property dependencies when it
 * has them (works in preview, when the bucket's id is unknown), else by value
 * (the bucket's name, id or ARN).
 */
export function referencedBucket(r: PolicyResource, property: string, buckets: readonly PolicyResource[]): PolicyResource | undefined {
    const viaDeps = (r.propertyDependencies[property] ?? []).find((d) => buckets.includes(d));
    if (viaDeps) return viaDeps;
    const v = known(() => r.props[property]);
    const values = isKnown(v) ? (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string") : [];
    return buckets.find((b) => {
        const ids = [bucketName(b), readString(b, "id"), readString(b, "arn"), readString(b, "bucketId")];
        return values.some((x) => ids.includes(x));
    });
}

export function readString(r: PolicyResource, key: string): string | undefined {
    const v = known(() => r.props[key]);
    return isKnown(v) ? str(v) : undefined;
}
