/**
 * Reading resources as the policy engine hands them over: the stack's
 * environment from URNs, values that may be unknown during preview, tags,
 * and the links between a bucket and the resources that configure it.
 */
import type { PolicyResource } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";

/** Resource type tokens the pack reads (the SDK classes carry the same tokens). */
export const T = {
    awsBucket: "aws:s3/bucket:Bucket",
    awsBucketV2: "aws:s3/bucketV2:BucketV2",
    awsVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    awsVersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    awsLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    awsLifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    awsEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    awsEncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    awsPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    awsOwnership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    awsBucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    awsUser: "aws:iam/user:User",
    awsUserPolicy: "aws:iam/userPolicy:UserPolicy",
    awsUserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    awsAccessKey: "aws:iam/accessKey:AccessKey",
    b2Bucket: "b2:index/bucket:Bucket",
    b2Key: "b2:index/applicationKey:ApplicationKey",
    r2Bucket: "cloudflare:index/r2Bucket:R2Bucket",
    r2Lifecycle: "cloudflare:index/r2BucketLifecycle:R2BucketLifecycle",
    r2Lock: "cloudflare:index/r2BucketLock:R2BucketLock",
    cfApiToken: "cloudflare:index/apiToken:ApiToken",
    cfAccountToken: "cloudflare:index/accountToken:AccountToken",
    stack: "pulumi:pulumi:Stack",
} as const;

export const AWS_BUCKET_TYPES: readonly string[] = [T.awsBucket, T.awsBucketV2];
export const BUCKET_TYPES: readonly string[] = [...AWS_BUCKET_TYPES, T.b2Bucket, T.r2Bucket];
export const CREDENTIAL_TYPES: readonly string[] = [T.awsAccessKey, T.b2Key, T.cfApiToken, T.cfAccountToken];

/** Tag keys the credential components set (backup-remotes:*). */
export const TAG = {
    environment: "backup-remotes:environment",
    credential: "backup-remotes:credential",
    role: "backup-remotes:role",
    bucket: "backup-remotes:bucket",
    prefix: "backup-remotes:prefix",
    host: "backup-remotes:host",
    managedBy: "managed-by",
} as const;

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

/** The name of an AWS / B2 / R2 bucket resource, when known. */
export function bucketName(r: PolicyResource): string | undefined {
    const key = r.type === T.b2Bucket ? "bucketName" : r.type === T.r2Bucket ? "name" : "bucket";
    const v = known(() => r.props[key]);
    return isKnown(v) ? str(v) : undefined;
}

/**
 * The bucket a configuring resource (versioning, lifecycle, key, lock…)
 * points at through `property`: by the engine's property dependencies when it
 * has them (works in preview, when the bucket's id is unknown), else by value
 * (the bucket's name, id or ARN).
 */
export function referencedBucket(
    r: PolicyResource, property: string, buckets: readonly PolicyResource[],
): PolicyResource | undefined {
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
