/**
 * What the post-deploy test needs to know of a provider to attack its keys
 * the way an intruder would (profile.probes): which API its non-rclone probes
 * speak, the call behind each probe (named in the report), which capability
 * sees one object version, the error texts of its API, and a public host to
 * tell a dead network from a wrong endpoint. Data only: the probes themselves
 * live in cli/postdeploy/.
 */
import type { Capability } from "../permissions/roles";

export const ERROR_KINDS = [
    "ca-bundle",
    "wrong-region",
    "signature",
    "unknown-key",
    "connection-refused",
    /** The endpoint's host name does not resolve (while DNS itself works). */
    "dns-name",
    /** No route, network unreachable, DNS server unreachable: this machine cannot reach the network. */
    "network",
    "tls",
    "timeout",
    "no-such-bucket",
    "not-found",
    "not-implemented",
    "access-denied",
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

/** Which API the non-rclone probes of a provider use. */
export type ProbeApiKind = "s3" | "b2-native";

/** Bucket settings a backup key must never change. */
export const BUCKET_SETTINGS = ["versioning", "lifecycle", "policy"] as const;
export type BucketSetting = (typeof BUCKET_SETTINGS)[number];

export interface ProviderCalls {
    /** Deleting one noncurrent version by id; absent where the provider keeps no versions. */
    readonly deleteVersion?: string;
    /** Reading one noncurrent version by id; absent where the provider keeps no versions. */
    readonly readVersion?: string;
    /** Deleting the current version of one object, with no read first (the matrix's deletes outside the own scope). */
    readonly deleteObject: string;
    readonly listBuckets: string;
    readonly createBucket: string;
    /** Writing an object's ACL (public-read); absent where the provider has no object ACLs. */
    readonly objectAcl?: string;
    /** The call that changes each setting; absent where the provider has no such setting. */
    readonly bucketSettings: Readonly<Partial<Record<BucketSetting, string>>>;
}

export interface ProviderProbeFacts {
    readonly api: ProbeApiKind;
    readonly calls: ProviderCalls;
    /** The capability a section needs to see a single version (S3 HEAD ?versionId needs read; B2 lists versions with listFiles). */
    readonly versionObserverCapability: Capability;
    /** Error texts of this provider (its API and rclone's backend for it), most specific first. */
    readonly errorSignatures: readonly ErrorSignature[];
    /** A public host of the provider: when even it does not resolve, the network is down, not the endpoint wrong. */
    readonly canaryHost: string;
    /**
     * Deletes the provider authorizes before it looks the key up: aimed at a key nobody wrote, a key without
     * the permission gets its AccessDenied and a key with it a success (S3 answers 204 for a missing key).
     * There a refusal is the key's refusal for one call, with no target to write first; anything else sends
     * the attempt to a written target (cli/postdeploy/probe-unwritten.ts). Absent: always a written target.
     */
    readonly refusesUnwritten?: readonly UnwrittenCall[];
}

/** The destructive calls that can be refused on a key nobody wrote. */
export type UnwrittenCall = "deleteObject" | "deleteVersion";
