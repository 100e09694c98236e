/** Refuse to deploy with AWS root-account credentials. */
import * as aws from "@pulumi/aws";
import { UserError } from "../../user-error";

export function assertNotRootArn(arn: string): void {
    if (/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn)) {
        throw new UserError(
            `refusing to deploy with AWS root-account credentials (${arn}): root credentials never run automation. ` +
            "Create a deploy IAM role or user with the permissions this stack needs and use its credentials.",
        );
    }
}

export async function assertAwsDeployerIsNotRoot(): Promise<void> {
    const identity = await aws.getCallerIdentity({});
    assertNotRootArn(identity.arn);
}
