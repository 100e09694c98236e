/** Writing the bucket's current lifecycle rules back unchanged. */
import { defineCheck, settingCheck } from "./define";

export const bucketLifecycle = defineCheck(
    settingCheck({
        name: "bucket-lifecycle",
        code: "bl",
        attempt: "change the bucket's lifecycle rules",
        setting: "lifecycle",
    }),
);
