/** Config of an AWS S3 remote. */
import { z } from "zod";
import { days, lifecycleBaseShape, objectLockSchema, strictObject } from "../../config-fields";

/** The `provider:` value of an AWS remote. */
export const AWS = "aws";

/** AWS bucket naming rules (general purpose buckets), minus dots: dots break TLS virtual-host addressing. */
export const AWS_BUCKET_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const AWS_REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

const transitionSchema = strictObject({
    days: days("transitions[].days"),
    storageClass: z.enum(["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], {
        error: "storageClass must be one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE",
    }),
});

export const awsRemoteSchema = strictObject({
    provider: z.literal(AWS),
    bucket: z.string().regex(AWS_BUCKET_PATTERN, {
        error: "bucket must be 3-63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit",
    }).refine((b) => !b.startsWith("xn--") && !b.endsWith("-s3alias"), {
        error: 'bucket must not start with "xn--" or end with "-s3alias" (reserved by AWS)',
    }),
    region: z.string().regex(AWS_REGION_PATTERN, { error: 'region must be an AWS region such as "eu-west-1"' }),
    versioning: z.boolean({ error: "versioning must be true or false" }).default(true),
    encryption: strictObject({
        algorithm: z.enum(["AES256", "aws:kms"], { error: 'algorithm must be "AES256" or "aws:kms"' }),
        kmsKeyArn: z.string().startsWith("arn:aws:kms:", { error: "kmsKeyArn must be a KMS key ARN (arn:aws:kms:...)" }).optional(),
    }).refine((e) => (e.algorithm === "aws:kms") === (e.kmsKeyArn !== undefined), {
        error: 'kmsKeyArn is required with algorithm "aws:kms" and not allowed with "AES256"',
    }).default({ algorithm: "AES256" }),
    lifecycle: strictObject({
        ...lifecycleBaseShape,
        transitions: z.array(transitionSchema).default([]),
    }).default({ noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7, transitions: [] }),
    objectLock: objectLockSchema.optional(),
});

export type AwsRemoteConfig = z.infer<typeof awsRemoteSchema>;
