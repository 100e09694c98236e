/** Where an AWS bucket is and what protects it, from its config. */
import type { Protections } from "../../permissions/protections";
import type { BucketModel } from "../profile";
import type { AwsRemoteConfig } from "./schema";

export function awsEndpoint(region: string): string {
    return `https://s3.${region}.amazonaws.com`;
}

export function awsBucketModel(config: AwsRemoteConfig): BucketModel {
    return { bucket: config.bucket, endpoint: awsEndpoint(config.region), region: config.region, protections: awsProtections(config) };
}

export function awsProtections(config: AwsRemoteConfig): Protections {
    const l = config.lifecycle;
    const noncurrentDays = l.noncurrentVersionExpirationDays;
    return {
        versioning: config.versioning ? { state: "enabled", noncurrentDays } : { state: "suspended" },
        // With versioning, an expired object becomes a noncurrent version, kept noncurrentDays more.
        ...(l.expirationDays !== undefined
            ? {
                  expiry: {
                      action: "delete",
                      afterDays: l.expirationDays,
                      dataGoneAfterDays: l.expirationDays + (config.versioning ? noncurrentDays : 0),
                  },
              }
            : {}),
        locks: config.objectLock ? [{ kind: "object-lock", mode: config.objectLock.mode, days: config.objectLock.days, prefixes: [""] }] : [],
        abortIncompleteUploadsDays: l.abortIncompleteMultipartUploadDays,
        transitions: l.transitions.map((t) => ({ afterDays: t.days, storageClass: t.storageClass })),
        encryption: config.encryption.algorithm,
        publicAccess: "blocked",
        tlsOnly: true,
        summary: describeProtections(config),
    };
}

function describeProtections(config: AwsRemoteConfig): string[] {
    const l = config.lifecycle;
    const out = [
        config.versioning ? `versioning (noncurrent versions kept ${l.noncurrentVersionExpirationDays} days)` : "versioning off",
        `lifecycle: abort incomplete uploads after ${l.abortIncompleteMultipartUploadDays} days`,
        `encryption: ${config.encryption.algorithm}`,
        "public access blocked",
        "TLS only",
    ];
    if (l.expirationDays !== undefined) out.push(`lifecycle: current objects expire after ${l.expirationDays} days`);
    if (config.objectLock) out.push(`object lock: ${config.objectLock.mode} ${config.objectLock.days} days`);
    return out;
}
