/**
 * A Cloudflare R2 backup bucket: the bucket, its lifecycle, and a bucket lock
 * rule on every prefix a copy credential writes to. R2 has no object
 * versioning, so the lock is what keeps archives from being deleted or
 * overwritten by a copy token (which R2 cannot make delete-free).
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { probeExpiryPrefixes } from "../../probes";
import { componentType, type BucketArgs, type BucketModel } from "../profile";
import { DAY_SECONDS, r2BucketModel } from "./protections";
import { R2, type R2RemoteConfig } from "./schema";

export class R2BackupBucket extends pulumi.ComponentResource {
    readonly model: BucketModel;
    readonly bucketResource: cloudflare.R2Bucket;

    constructor(name: string, args: BucketArgs<R2RemoteConfig>, opts?: pulumi.ComponentResourceOptions) {
        super(componentType(R2, "BackupBucket"), name, {}, opts);
        const { config } = args;
        this.model = r2BucketModel(config, args.copyPrefixes);

        const child: pulumi.CustomResourceOptions = { parent: this, protect: args.protect };
        const location = { accountId: config.accountId, jurisdiction: config.jurisdiction ?? "default" };
        const bucket = new cloudflare.R2Bucket(
            name,
            {
                ...location,
                name: config.bucket,
                location: config.locationHint,
                storageClass: "Standard",
            },
            { ...child, retainOnDelete: args.protect },
        );
        this.bucketResource = bucket;

        // The lifecycle resource replaces R2's default rule (abort uploads after 7 days), so ours restates it.
        new cloudflare.R2BucketLifecycle(
            `${name}-lifecycle`,
            {
                ...location,
                bucketName: bucket.name,
                rules: r2LifecycleRules(config, args.copyPrefixes),
            },
            child,
        );
        // The rules are the model's prefix lock (r2Protections): what is deployed is what the protections publish.
        const lock = this.model.protections.locks.find((l) => l.kind === "prefix-lock");
        const lockRules = r2LockRules(lock?.prefixes ?? [], lock?.days);
        if (lockRules.length > 0) {
            new cloudflare.R2BucketLock(`${name}-lock`, { ...location, bucketName: bucket.name, rules: lockRules }, child);
        }
        this.registerOutputs({ bucket: bucket.name, jurisdiction: bucket.jurisdiction });
    }
}

/**
 * Rule IDs must be unique in the bucket's lock configuration; the prefix itself
 * is (normalised prefixes are distinct). Days stay out, so a new retention
 * updates the rule instead of replacing it.
 */
export function lockRuleId(prefix: string): string {
    return `copy-archive:${prefix === "" ? "(whole bucket)" : prefix}`;
}

export function r2LockRules(prefixes: readonly string[], days: number | undefined): cloudflare.types.input.R2BucketLockRule[] {
    if (days === undefined) return [];
    return prefixes.map((prefix) => ({
        id: lockRuleId(prefix),
        enabled: true,
        prefix,
        condition: { type: "Age", maxAgeSeconds: days * DAY_SECONDS },
    }));
}

/**
 * The whole-bucket rules, then one rule per copy prefix that deletes the
 * post-deploy test's probes at one day old. A copy token could delete them
 * itself, but under a lock rule it may not yet: R2 deletes nothing a lock still
 * retains, so there the probes go once the lock's retention has passed.
 */
export function r2LifecycleRules(config: R2RemoteConfig, copyPrefixes: readonly string[]): cloudflare.types.input.R2BucketLifecycleRule[] {
    const l = config.lifecycle;
    const rules: cloudflare.types.input.R2BucketLifecycleRule[] = [
        {
            id: "abort-incomplete-multipart-uploads",
            enabled: true,
            conditions: { prefix: "" },
            abortMultipartUploadsTransition: { condition: { type: "Age", maxAge: l.abortIncompleteMultipartUploadDays * DAY_SECONDS } },
        },
    ];
    if (l.infrequentAccessAfterDays !== undefined || l.expirationDays !== undefined) {
        rules.push({
            id: "age-objects",
            enabled: true,
            conditions: { prefix: "" },
            storageClassTransitions:
                l.infrequentAccessAfterDays !== undefined
                    ? [{ storageClass: "InfrequentAccess", condition: { type: "Age", maxAge: l.infrequentAccessAfterDays * DAY_SECONDS } }]
                    : undefined,
            deleteObjectsTransition: l.expirationDays !== undefined ? { condition: { type: "Age", maxAge: l.expirationDays * DAY_SECONDS } } : undefined,
        });
    }
    for (const prefix of probeExpiryPrefixes(copyPrefixes)) {
        rules.push({
            id: `expire-postdeploy-probes:${prefix}`,
            enabled: true,
            conditions: { prefix },
            deleteObjectsTransition: { condition: { type: "Age", maxAge: DAY_SECONDS } },
        });
    }
    return rules;
}
