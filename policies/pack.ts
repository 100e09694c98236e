/**
 * The rules of the backup-remotes policy pack and the policies they become
 * (see rule.ts for the prod / staging split). index.ts serves them.
 */
import type { Policies } from "@pulumi/policy";
import { awsBucketRules } from "./rules/aws-buckets";
import { awsCredentialRules } from "./rules/aws-credentials";
import { awsUserPermissionsBoundary } from "./rules/aws-boundary";
import { b2Rules } from "./rules/b2";
import { environmentRules } from "./rules/environment";
import { awsKeyExpiry } from "./rules/aws-key-expiry";
import { b2KeyExpiry } from "./rules/b2-key-expiry";
import { keyAddressRules } from "./rules/key-addresses";
import { keyAge } from "./rules/keys";
import { r2TokenExpiry } from "./rules/r2-key-expiry";
import { outputRules } from "./rules/outputs";
import { r2Rules } from "./rules/r2";
import type { Rule } from "./rule";
import { policiesFor } from "./rule";

export const PACK_NAME = "backup-remotes";

export const RULES: readonly Rule[] = [
    ...environmentRules,
    ...awsBucketRules,
    ...awsCredentialRules,
    awsUserPermissionsBoundary,
    ...b2Rules,
    ...r2Rules,
    ...outputRules,
    keyAge,
    awsKeyExpiry,
    b2KeyExpiry,
    r2TokenExpiry,
    ...keyAddressRules,
];

export const POLICIES: Policies = policiesFor(RULES);
