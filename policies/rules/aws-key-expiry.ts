/**
 * AWS keys stop at their stated expiry: evaluated with pbac, the user's inline
 * policies allow none of the requests its role may make from that instant on
 * (the DateLessThan aws:CurrentTime condition on every statement).
 */
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { iamUserName } from "../../components/providers/aws/credential";
import { AWS } from "../../components/providers/aws/schema";
import { isAllowed, parsePolicy } from "../iam/evaluate";
import { probesFor } from "../iam/expectations";
import { backupUsers, userOf } from "../credentials";
import type { StackRule } from "../rule";
import { isKnown, mergedInlinePolicy, ofType } from "../resources";
import { checkExpiry } from "./keys";

export const awsKeyExpiry: StackRule = {
    kind: "stack",
    name: "aws-key-expiry",
    description: "Every AWS key the permissions output says expires is denied every request of its role from that instant (its policies evaluated with pbac).",
    check(resources, ctx) {
        const users = backupUsers(resources);
        const policies = ofType(resources, AWS_TYPES.userPolicy);
        checkExpiry(resources, ctx, AWS, {
            types: [AWS_TYPES.user],
            property: "name",
            nameOf: ({ entry, generation }) => iamUserName(entry.environment, entry.credential, generation.host, generation.generation),
            gap({ entry, generation }, user) {
                const policy = mergedInlinePolicy(policies.filter((p) => userOf(p, users) === user));
                if (!isKnown(policy)) return undefined; // checked again once the documents are known
                const parsed = parsePolicy(policy);
                const still = probesFor({ role: entry.role, bucket: entry.bucket, prefix: entry.prefix })
                    .filter((p) => p.expected && isAllowed(parsed, { ...p, currentTime: generation.expiresOn }))
                    .map((p) => `${p.action} ${p.where}`);
                return still.length ? `its policy still allows then: ${still.join("; ")}` : undefined;
            },
        });
    },
};
