/** Writing the bucket's current versioning status back unchanged. */
import { defineCheck, settingCheck } from "./define";

export const bucketVersioning = defineCheck(
    settingCheck({
        name: "bucket-versioning",
        code: "bv",
        attempt: "change the bucket's versioning",
        setting: "versioning",
        // Only a versioned bucket has a status to write back unchanged.
        applies: ({ keepsVersions }) => keepsVersions,
    }),
);
