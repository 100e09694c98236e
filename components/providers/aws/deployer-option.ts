/**
 * The AWS option of `deployer-policy`. Apart from the deployer policy so the command's `--help` can list it
 * without loading the providers' facts (components/providers/deployer-options.ts).
 */
import type { DeployerOption } from "../profile";

export const AWS_ACCOUNT_ID_OPTION: DeployerOption = {
    key: "awsAccountId",
    flag: "--aws-account-id <id>",
    description: "the AWS account the stack deploys into (12 digits); names it in the IAM users' ARNs",
    problem: (v) => (/^\d{12}$/.test(v) ? undefined : "must be the 12-digit AWS account id, e.g. 123456789012"),
};
