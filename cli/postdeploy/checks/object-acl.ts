/**
 * Making an object public: PutObjectAcl with `public-read` on an object of
 * the section's own. Where the provider has object ACLs (its probes declare
 * the call), every role must be refused: the model grants s3:PutObjectAcl
 * only for `bucket-owner-full-control` (access.ts `onlyWhen`), and a bucket
 * with BucketOwnerEnforced refuses every other ACL.
 */
import { defineCheck, REFUSED } from "./define";

export const objectAcl = defineCheck({
    name: "object-acl",
    code: "oa",
    attempt: "make objects public (an object ACL of public-read)",
    phase: "attack",
    plan: ({ facts }) => (facts.calls.objectAcl ? REFUSED : undefined),
});
