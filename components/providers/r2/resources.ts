/** The @pulumi/cloudflare resource and function type tokens this project registers or the policy pack reads. */
export const R2_TYPES = {
    bucket: "cloudflare:index/r2Bucket:R2Bucket",
    lifecycle: "cloudflare:index/r2BucketLifecycle:R2BucketLifecycle",
    lock: "cloudflare:index/r2BucketLock:R2BucketLock",
    apiToken: "cloudflare:index/apiToken:ApiToken",
    accountToken: "cloudflare:index/accountToken:AccountToken",
    permissionGroups: "cloudflare:index/getAccountApiTokenPermissionGroupsList:getAccountApiTokenPermissionGroupsList",
} as const;
