/** Refuse to deploy with AWS root-account credentials. */
import * as aws from "@pulumi/aws";
import { UserError } from "../../user-error";
import { awsDeployerHint } from "./deployer";

export function assertNotRootArn(arn: string, stack = "<stack>"): void {
    if (/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn)) {
        throw new UserError(`refusing to deploy with AWS root-account credentials (${arn}): root credentials never run automation. ` + awsDeployerHint(stack));
    }
}

export async function assertAwsDeployerIsNotRoot(stack: string): Promise<void> {
    const identity = await aws.getCallerIdentity({});
    assertNotRootArn(identity.arn, stack);
}
