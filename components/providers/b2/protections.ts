/**
 * Where a B2 bucket is and what protects it, from its config. B2 keeps every
 * version (versioning cannot be switched off); the lifecycle decides how long
 * hidden and replaced versions survive.
 */
import type { Protections } from "../../permissions/protections";
import type { BucketModel } from "../profile";
import type { B2RemoteConfig } from "./schema";

export function b2S3Endpoint(region: string): string {
    return `https://s3.${region}.backblazeb2.com`;
}

export function b2BucketModel(config: B2RemoteConfig): BucketModel {
    return { bucket: config.bucket, endpoint: b2S3Endpoint(config.region), region: config.region, protections: b2Protections(config) };
}

export function b2Protections(config: B2RemoteConfig): Protections {
    const l = config.lifecycle;
    const noncurrentDays = l.noncurrentVersionExpirationDays;
    return {
        versioning: { state: "always", noncurrentDays },
        // Expiry hides a current file; the hidden version is deleted noncurrentDays later.
        ...(l.expirationDays !== undefined
            ? {
                  expiry: { action: "hide-then-delete", afterDays: l.expirationDays, dataGoneAfterDays: l.expirationDays + noncurrentDays },
              }
            : {}),
        locks: config.objectLock ? [{ kind: "object-lock", mode: config.objectLock.mode, days: config.objectLock.days, prefixes: [""] }] : [],
        abortIncompleteUploadsDays: l.abortIncompleteMultipartUploadDays,
        transitions: [],
        encryption: "SSE-B2",
        publicAccess: "private",
        tlsOnly: false,
        summary: describeB2Protections(config),
    };
}

function describeB2Protections(config: B2RemoteConfig): string[] {
    const l = config.lifecycle;
    const out = [
        `versions always kept (hidden and replaced versions deleted ${l.noncurrentVersionExpirationDays} days after hiding)`,
        `lifecycle: cancel unfinished large files after ${l.abortIncompleteMultipartUploadDays} days`,
        "encryption: SSE-B2",
        "private bucket (allPrivate)",
    ];
    if (l.expirationDays !== undefined) {
        out.push(`lifecycle: current files hidden ${l.expirationDays} days after upload, deleted ` + `${l.noncurrentVersionExpirationDays} days after that`);
    }
    if (config.objectLock) out.push(`file lock: ${config.objectLock.mode} ${config.objectLock.days} days`);
    return out;
}
