/**
 * AWS bucket rules: every S3 bucket is versioned, has a lifecycle that expires
 * noncurrent versions and aborts incomplete multipart uploads, default
 * encryption, a full public access block, BucketOwnerEnforced ownership and a
 * TLS-only bucket policy. In AWS provider v7 each of these is its own
 * resource pointing at the bucket, so these are stack rules.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { RuleContext, StackRule } from "../rule";
import { AWS_BUCKET_TYPES, bucketName, isKnown, known, ofType, referencedBucket } from "../resources";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { isRecord } from "../../components/config-fields";

type Props = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Run `check` for every AWS bucket with the resources of `types` that configure it. */
function perBucket(
    resources: readonly PolicyResource[],
    ctx: RuleContext,
    types: string[],
    what: string,
    fix: (bucket: string) => string,
    check: (bucket: PolicyResource, configs: PolicyResource[]) => void,
): void {
    const buckets = ofType(resources, ...AWS_BUCKET_TYPES);
    const configs = ofType(resources, ...types);
    for (const bucket of buckets) {
        const mine = configs.filter((c) => referencedBucket(c, "bucket", buckets) === bucket);
        if (mine.length === 0) {
            ctx.report(bucket, `has no ${what}`, fix(bucketName(bucket) ?? bucket.name));
            continue;
        }
        check(bucket, mine);
    }
}

/** A read that skips the check (returns undefined) while the value is unknown in preview. */
function read(r: PolicyResource, key: string): unknown {
    const v = known(() => r.props[key]);
    return isKnown(v) ? v : undefined;
}
const unknownIn = (r: PolicyResource, key: string) => !isKnown(known(() => r.props[key]));

export const awsBucketVersioning: StackRule = {
    kind: "stack",
    name: "aws-bucket-versioning",
    description: "Every AWS S3 bucket has versioning enabled, so deletes and overwrites keep the previous version.",
    check(resources, ctx) {
        perBucket(
            resources,
            ctx,
            [AWS_TYPES.versioning, AWS_TYPES.versioningV2],
            "aws.s3.BucketVersioning",
            (b) => `add an aws.s3.BucketVersioning for ${b} with versioningConfiguration.status "Enabled"`,
            (_bucket, configs) => {
                for (const c of configs) {
                    if (unknownIn(c, "versioningConfiguration")) continue;
                    const conf = read(c, "versioningConfiguration");
                    const status = isRecord(conf) ? conf.status : undefined;
                    if (status !== "Enabled") {
                        ctx.report(c, `versioning status is ${JSON.stringify(status)}, not "Enabled"`, 'set versioningConfiguration.status to "Enabled"');
                    }
                }
            },
        );
    },
};

/** Unset: the pack sees the provider's state, where an attribute the config leaves out may be null rather than absent. */
const unset = (v: unknown): boolean => v === undefined || v === null;

/** Whether a lifecycle rule applies to every object of the bucket. */
function wholeBucket(rule: Props): boolean {
    if (typeof rule.prefix === "string" && rule.prefix !== "") return false;
    const f = rule.filter;
    if (unset(f)) return true;
    if (!isRecord(f)) return false;
    return (unset(f.prefix) || f.prefix === "") && unset(f.and) && unset(f.tag) && unset(f.objectSizeGreaterThan) && unset(f.objectSizeLessThan);
}

export const awsBucketLifecycle: StackRule = {
    kind: "stack",
    name: "aws-bucket-lifecycle",
    description: "Every AWS S3 bucket has a lifecycle configuration that expires noncurrent versions and aborts incomplete multipart uploads.",
    check(resources, ctx) {
        perBucket(
            resources,
            ctx,
            [AWS_TYPES.lifecycle, AWS_TYPES.lifecycleV2],
            "aws.s3.BucketLifecycleConfiguration",
            (b) =>
                `add an aws.s3.BucketLifecycleConfiguration for ${b} with an enabled whole-bucket rule setting ` +
                "noncurrentVersionExpiration.noncurrentDays and abortIncompleteMultipartUpload.daysAfterInitiation",
            (bucket, configs) => {
                if (configs.some((c) => unknownIn(c, "rules"))) return;
                const rules = configs
                    .flatMap((c) => list(read(c, "rules")))
                    .filter(isRecord)
                    .filter((r) => r.status === "Enabled" && wholeBucket(r));
                const days = (v: unknown, key: string) => isRecord(v) && typeof v[key] === "number" && (v[key] as number) > 0;
                const fix = "add an enabled rule without a filter (whole bucket) that sets it";
                if (!rules.some((r) => days(r.noncurrentVersionExpiration, "noncurrentDays"))) {
                    ctx.report(
                        configs[0] ?? bucket,
                        "no enabled whole-bucket rule expires noncurrent versions " + "(noncurrentVersionExpiration.noncurrentDays)",
                        fix,
                    );
                }
                if (!rules.some((r) => days(r.abortIncompleteMultipartUpload, "daysAfterInitiation"))) {
                    ctx.report(
                        configs[0] ?? bucket,
                        "no enabled whole-bucket rule aborts incomplete multipart uploads " + "(abortIncompleteMultipartUpload.daysAfterInitiation)",
                        fix,
                    );
                }
            },
        );
    },
};

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

export const awsBucketEncryption: StackRule = {
    kind: "stack",
    name: "aws-bucket-encryption",
    description: "Every AWS S3 bucket has default server-side encryption.",
    check(resources, ctx) {
        perBucket(
            resources,
            ctx,
            [AWS_TYPES.encryption, AWS_TYPES.encryptionV2],
            "aws.s3.BucketServerSideEncryptionConfiguration",
            (b) => `add an aws.s3.BucketServerSideEncryptionConfiguration for ${b} with applyServerSideEncryptionByDefault.sseAlgorithm "AES256" or "aws:kms"`,
            (_bucket, configs) => {
                for (const c of configs) {
                    if (unknownIn(c, "rules")) continue;
                    const ok = list(read(c, "rules"))
                        .filter(isRecord)
                        .some((r) => {
                            const d = r.applyServerSideEncryptionByDefault;
                            return isRecord(d) && typeof d.sseAlgorithm === "string" && SSE_ALGORITHMS.includes(d.sseAlgorithm);
                        });
                    if (!ok) {
                        ctx.report(
                            c,
                            "no rule sets applyServerSideEncryptionByDefault.sseAlgorithm",
                            `set rules[0].applyServerSideEncryptionByDefault.sseAlgorithm to one of ${SSE_ALGORITHMS.join(", ")}`,
                        );
                    }
                }
            },
        );
    },
};

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const awsBucketPublicAccessBlock: StackRule = {
    kind: "stack",
    name: "aws-bucket-public-access-block",
    description: "Every AWS S3 bucket has a public access block with all four flags set.",
    check(resources, ctx) {
        perBucket(
            resources,
            ctx,
            [AWS_TYPES.publicAccessBlock],
            "aws.s3.BucketPublicAccessBlock",
            (b) => `add an aws.s3.BucketPublicAccessBlock for ${b} with ${PUBLIC_ACCESS_FLAGS.join(", ")} all true`,
            (_bucket, configs) => {
                for (const c of configs) {
                    const off = PUBLIC_ACCESS_FLAGS.filter((f) => !unknownIn(c, f) && read(c, f) !== true);
                    if (off.length) ctx.report(c, `${off.join(", ")} ${off.length > 1 ? "are" : "is"} not true`, `set ${off.join(", ")} to true`);
                }
            },
        );
    },
};

export const awsBucketOwnership: StackRule = {
    kind: "stack",
    name: "aws-bucket-ownership",
    description: "Every AWS S3 bucket enforces bucket-owner ownership (ACLs disabled).",
    check(resources, ctx) {
        perBucket(
            resources,
            ctx,
            [AWS_TYPES.ownership],
            "aws.s3.BucketOwnershipControls",
            (b) => `add an aws.s3.BucketOwnershipControls for ${b} with rule.objectOwnership "BucketOwnerEnforced"`,
            (_bucket, configs) => {
                for (const c of configs) {
                    if (unknownIn(c, "rule")) continue;
                    const rule = read(c, "rule");
                    const o = isRecord(rule) ? rule.objectOwnership : undefined;
                    if (o !== "BucketOwnerEnforced") {
                        ctx.report(c, `objectOwnership is ${JSON.stringify(o)}`, 'set rule.objectOwnership to "BucketOwnerEnforced"');
                    }
                }
            },
        );
    },
};

/** Whether a bucket policy denies every non-TLS request to the bucket and its objects. */
export function deniesInsecureTransport(policy: unknown, bucket: string): boolean {
    let doc: unknown = policy;
    if (typeof policy === "string") {
        try {
            doc = JSON.parse(policy);
        } catch {
            return false;
        }
    }
    if (!isRecord(doc)) return false;
    const arn = `arn:aws:s3:::${bucket}`;
    return list(doc.Statement)
        .filter(isRecord)
        .some((s) => {
            if (s.Effect !== "Deny") return false;
            const principal = s.Principal;
            const everyone = principal === "*" || (isRecord(principal) && list(principal.AWS).includes("*"));
            const actions = list(s.Action).map((a) => String(a).toLowerCase());
            const resources = list(s.Resource).map(String);
            const cond = isRecord(s.Condition) && isRecord(s.Condition.Bool) ? s.Condition.Bool["aws:SecureTransport"] : undefined;
            const insecure = list(cond).map(String).includes("false");
            return everyone && (actions.includes("s3:*") || actions.includes("*")) && insecure && resources.includes(arn) && resources.includes(`${arn}/*`);
        });
}

export const awsBucketTlsOnly: StackRule = {
    kind: "stack",
    name: "aws-bucket-tls-only",
    description: "Every AWS S3 bucket has a bucket policy that denies requests without TLS.",
    check(resources, ctx) {
        perBucket(
            resources,
            ctx,
            [AWS_TYPES.bucketPolicy],
            "aws.s3.BucketPolicy",
            (b) => `add an aws.s3.BucketPolicy for ${b} with a Deny of s3:* for Principal "*" on the bucket and bucket/* when aws:SecureTransport is "false"`,
            (bucket, configs) => {
                const name = bucketName(bucket);
                if (name === undefined || configs.some((c) => unknownIn(c, "policy"))) return;
                if (!configs.some((c) => deniesInsecureTransport(read(c, "policy"), name))) {
                    ctx.report(
                        configs[0]!,
                        `no statement denies non-TLS access to ${name} and its objects`,
                        `add {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::${name}","arn:aws:s3:::${name}/*"],` +
                            `"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`,
                    );
                }
            },
        );
    },
};

export const awsBucketRules: StackRule[] = [
    awsBucketVersioning,
    awsBucketLifecycle,
    awsBucketEncryption,
    awsBucketPublicAccessBlock,
    awsBucketOwnership,
    awsBucketTlsOnly,
];
