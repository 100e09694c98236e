/** Writing the bucket's current policy back unchanged. */
import { defineCheck, settingCheck } from "./define";

export const bucketPolicy = defineCheck(
    settingCheck({
        name: "bucket-policy",
        code: "bp",
        attempt: "change the bucket's policy",
        setting: "policy",
    }),
);
