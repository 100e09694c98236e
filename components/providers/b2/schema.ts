/** Config of a Backblaze B2 remote. */
import { z } from "zod";
import { days, lifecycleBaseShape, objectLockSchema, strictObject } from "../../config-fields";

/** The `provider:` value of a B2 remote. */
export const B2 = "b2";

/** B2 bucket names: 6-63 letters, digits and '-'; "b2-" is reserved by Backblaze. */
export const B2_BUCKET_PATTERN = /^[A-Za-z0-9-]{6,63}$/;
/** B2 regions as they appear in the S3 endpoint, e.g. "us-west-004", "eu-central-003". */
export const B2_REGION_PATTERN = /^[a-z]{2}-[a-z]+-\d{3}$/;
/** b2_create_key: validDurationInSeconds must be a positive number below 1000 days. */
export const B2_MAX_KEY_LIFETIME_DAYS = 999;

export const b2RemoteSchema = strictObject({
    provider: z.literal(B2),
    bucket: z
        .string({ error: "bucket must be a B2 bucket name" })
        .regex(B2_BUCKET_PATTERN, {
            error: "bucket must be 6-63 characters of letters, digits and '-'",
        })
        .refine((b) => !b.toLowerCase().startsWith("b2-"), { error: 'bucket must not start with "b2-" (reserved by Backblaze)' }),
    /** The account's region; names the S3 endpoint https://s3.<region>.backblazeb2.com. */
    region: z
        .string({ error: 'region must be a B2 region such as "us-west-004"' })
        .regex(B2_REGION_PATTERN, { error: 'region must be a B2 region such as "us-west-004" or "eu-central-003"' }),
    /** Which API the rclone sections use: B2's native API (default) or its S3-compatible API. */
    api: z.enum(["native", "s3"], { error: 'api must be "native" or "s3"' }).default("native"),
    lifecycle: strictObject({ ...lifecycleBaseShape }).default({ noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7 }),
    /** B2 file lock with a default retention; it can only be enabled, never disabled again. */
    objectLock: objectLockSchema.optional(),
    /**
     * How keys are restricted to the bucket. "v3" (default): a single-bucket key (the provider's
     * deprecated `bucketId`), which every rclone since 1.43 can use. "v4": a multi-bucket key
     * (`bucketIds`), which B2 refuses on b2_authorize_account before v4, so the native sections then
     * need rclone 1.73 or later (rclone 1.60 fails with "not currently supported on API version
     * number 1").
     *
     * `bucketIds` with one bucket is still a v4 key, so it is not the default. terraform-provider-b2
     * v0.13.0 (python-bindings/b2_terraform/provider_tool.py, ApplicationKey.resource_create) sends
     * `bucket_ids` through b2sdk.v3 (b2_create_key v4) and only the deprecated `bucket_id` through
     * b2sdk.v2 (b2_create_key v3; CHANGELOG 0.12.1 "Use B2 Native API v3 when using deprecated
     * bucket_id", after keys from 0.12.0's bucket_ids broke rclone: Backblaze/terraform-provider-b2#129).
     * Backblaze (b2_authorize_account, v4): multi-bucket keys "can only be used with a v4
     * b2_authorize_account request"; only keys without a bucket restriction made with v4
     * b2_create_key work with earlier versions. rclone authorizes on /b2api/v1 until 1.73
     * (rclone/rclone#8978; the Debian 12 binary, 1.60.1, holds only "/b2api/v1"), and its b2 backend
     * reads `allowed.bucketId`. The provider stores both `bucketId` and `bucketIds` (the same id) in
     * the key's state whichever was set, so readers must count distinct ids.
     */
    keyApi: z.enum(["v3", "v4"], { error: 'keyApi must be "v3" or "v4"' }).default("v3"),
    /** Lifetime of every application key of this remote; keys never expire when unset. */
    keyLifetimeDays: days("keyLifetimeDays", B2_MAX_KEY_LIFETIME_DAYS).optional(),
});

export type B2RemoteConfig = z.infer<typeof b2RemoteSchema>;
