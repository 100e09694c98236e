/**
 * The rules of the backup-remotes policy pack and the policies they become
 * (see rule.ts for the prod / staging split). index.ts serves them.
 */
import type { Policies } from "@pulumi/policy";
import { awsBucketRules } from "./rules/aws-buckets";
import { awsCredentialRules } from "./rules/aws-credentials";
import { b2Rules } from "./rules/b2";
import { environmentRules } from "./rules/environment";
import { keyRules } from "./rules/keys";
import { outputRules } from "./rules/outputs";
import { r2Rules } from "./rules/r2";
import type { Rule } from "./rule";
import { policiesFor } from "./rule";

export const PACK_NAME = "backup-remotes";

export const RULES: readonly Rule[] = [
    ...environmentRules,
    ...awsBucketRules,
    ...awsCredentialRules,
    ...b2Rules,
    ...r2Rules,
    ...outputRules,
    ...keyRules,
];

export const POLICIES: Policies = policiesFor(RULES);
