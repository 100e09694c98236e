/** Config of an AWS S3 remote. */
import { z } from "zod";
import { days, lifecycleBaseShape, objectLockSchema, strictObject } from "../../config-fields";
import { parseKmsKeyArn } from "./kms-key";
import { AWS_STORAGE_CLASSES, transitionIssues } from "./lifecycle";

/** The `provider:` value of an AWS remote. */
export const AWS = "aws";

/** AWS bucket naming rules (general purpose buckets), minus dots: dots break TLS virtual-host addressing. */
export const AWS_BUCKET_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const AWS_REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** Bucket name prefixes and suffixes AWS reserves (access point aliases, S3 Express, Object Lambda, table buckets, its own examples). */
export const AWS_RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
export const AWS_RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"] as const;

const transitionSchema = strictObject({
    days: days("transitions[].days"),
    storageClass: z.enum(AWS_STORAGE_CLASSES, { error: `storageClass must be one of ${AWS_STORAGE_CLASSES.join(", ")}` }),
});

const bucketSchema = z
    .string({ error: "bucket must be an S3 bucket name" })
    .regex(AWS_BUCKET_PATTERN, {
        error: "bucket must be 3-63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit",
    })
    .superRefine((b, ctx) => {
        const prefix = AWS_RESERVED_BUCKET_PREFIXES.find((p) => b.startsWith(p));
        const suffix = AWS_RESERVED_BUCKET_SUFFIXES.find((s) => b.endsWith(s));
        if (prefix !== undefined || suffix !== undefined) {
            ctx.addIssue({
                code: "custom",
                message:
                    `bucket must not ${prefix !== undefined ? `start with "${prefix}"` : `end with "${suffix}"`} ` +
                    `(reserved by AWS: no name starts with ${AWS_RESERVED_BUCKET_PREFIXES.join(", ")} or ends with ${AWS_RESERVED_BUCKET_SUFFIXES.join(", ")})`,
            });
        }
    });

const kmsKeyArnSchema = z.string({ error: "kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)" }).superRefine((arn, ctx) => {
    const parsed = parseKmsKeyArn(arn);
    if ("problem" in parsed) ctx.addIssue({ code: "custom", message: `kmsKeyArn ${parsed.problem}` });
});

export const awsRemoteSchema = strictObject({
    provider: z.literal(AWS),
    bucket: bucketSchema,
    region: z.string().regex(AWS_REGION_PATTERN, { error: 'region must be an AWS region such as "eu-west-1"' }),
    versioning: z.boolean({ error: "versioning must be true or false" }).default(true),
    encryption: strictObject({
        algorithm: z.enum(["AES256", "aws:kms"], { error: 'algorithm must be "AES256" or "aws:kms"' }),
        kmsKeyArn: kmsKeyArnSchema.optional(),
    })
        .refine((e) => (e.algorithm === "aws:kms") === (e.kmsKeyArn !== undefined), {
            error: 'kmsKeyArn is required with algorithm "aws:kms" and not allowed with "AES256"',
        })
        .default({ algorithm: "AES256" }),
    lifecycle: strictObject({
        ...lifecycleBaseShape,
        transitions: z.array(transitionSchema, { error: "transitions must be a list of { days, storageClass }" }).default([]),
    })
        .superRefine(transitionIssues)
        .default({ noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7, transitions: [] }),
    objectLock: objectLockSchema.optional(),
});

export type AwsRemoteConfig = z.infer<typeof awsRemoteSchema>;
