/** The B2 SDK's resource type tokens (the generated shape of the backblaze/b2 Terraform provider). */
export const B2_TYPES = {
    bucket: "b2:index/bucket:Bucket",
    applicationKey: "b2:index/applicationKey:ApplicationKey",
} as const;
