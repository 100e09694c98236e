/**
 * The AWS deploy policy, evaluated with IAM semantics (pbac, policies/iam):
 * it allows every call the program's registered resources need on this
 * environment's buckets and users, exactly those, and nothing on another
 * environment's buckets or IAM path. The (action, ARN) pairs come from the
 * offline plan's resources through the per-resource-type table, so a resource
 * type registered without a row in the table fails here.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { runPlan, type PlannedResource, type PlanResult } from "../../cli/plan/run";
import { bucketArn, type IamPolicyDocument } from "../../components/providers/aws/access";
import { AWS_CALLS_NOT_GRANTED, AWS_RESOURCE_CALLS } from "../../components/providers/aws/deployer-calls";
import { isAllowed, parsePolicy } from "../../policies/iam/evaluate";
import { ACCOUNT, callsFromPlan, everyCallOf, policyFor, root } from "./aws-plan-calls";

/** Actions the policy grants on one ARN, read back from the document with IAM semantics. */
function grantedOn(policy: IamPolicyDocument, resource: string, candidates: readonly string[], context?: Readonly<Record<string, string>>): string[] {
    const parsed = parsePolicy(policy);
    return candidates.filter((action) => isAllowed(parsed, { action, resource, ...(context ? { context } : {}) })).sort();
}

const plans: Record<string, PlanResult> = {};
before(async () => {
    for (const stack of ["staging", "prod"]) plans[stack] = await runPlan(stack, { projectDir: root });
});

for (const stack of ["staging", "prod"]) {
    const other = stack === "staging" ? "prod" : "staging";
    describe(`the AWS deploy policy of ${stack}`, () => {
        it("allows every call the registered resources make, on their own buckets and users", () => {
            const parsed = parsePolicy(policyFor(stack));
            const calls = callsFromPlan(plans[stack]!);
            assert.ok(
                calls.some((c) => c.resource.includes(":user/backup/")),
                "users are covered",
            );
            const denied = calls.filter((c) => !isAllowed(parsed, c)).map((c) => `${c.action} ${c.resource}`);
            assert.deepEqual(denied, []);
        });

        it("grants on each bucket and user exactly what the table derives from the plan, nothing more", () => {
            const policy = policyFor(stack);
            const calls = callsFromPlan(plans[stack]!);
            // Every action any row lists, and those the table says are deliberately not granted.
            const everyAction = [
                ...new Set([
                    ...Object.values(AWS_RESOURCE_CALLS).flatMap((row) => everyCallOf(row).map((c) => c.action)),
                    ...AWS_CALLS_NOT_GRANTED.map((c) => c.action),
                ]),
            ];
            for (const resource of new Set(calls.map((c) => c.resource))) {
                const needed = [...new Set(calls.filter((c) => c.resource === resource).map((c) => c.action))].sort();
                // A user's: with its boundary in the request, as AWS sets it for the bounded calls.
                const context = calls.find((c) => c.resource === resource && c.context)?.context;
                assert.deepEqual(grantedOn(policy, resource, everyAction, context), needed, resource);
            }
        });

        it(`allows nothing on ${other}'s buckets and IAM path`, () => {
            const parsed = parsePolicy(policyFor(stack));
            const allowed = callsFromPlan(plans[other]!)
                .filter((c) => isAllowed(parsed, c))
                .map((c) => `${c.action} ${c.resource}`);
            assert.deepEqual(allowed, []);
        });

        it("allows nothing on look-alike buckets or paths, and has no wildcard resource", () => {
            const policy = policyFor(stack);
            const parsed = parsePolicy(policy);
            const bucket = String(plans[stack]!.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!.inputs.bucket);
            for (const resource of [
                bucketArn(`${bucket}x`),
                bucketArn(`x${bucket}`),
                `${bucketArn(bucket)}/object`,
                `arn:aws:iam::${ACCOUNT}:user/backup/${stack}2/u`,
                `arn:aws:iam::${ACCOUNT}:user/backup/u`,
                `arn:aws:iam::${ACCOUNT}:user/u`,
                `arn:aws:iam::${ACCOUNT}:role/backup/${stack}/r`,
            ]) {
                for (const action of ["s3:CreateBucket", "s3:PutBucketPolicy", "s3:GetObject", "iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey"]) {
                    assert.equal(isAllowed(parsed, { action, resource }), false, `${action} ${resource}`);
                }
            }
            for (const s of policy.Statement) {
                assert.ok(!s.Resource.includes("*"), `${s.Sid} has a "*" resource`);
                assert.ok(
                    s.Resource.every((r) =>
                        r.startsWith("arn:aws:s3:::")
                            ? !r.includes("*")
                            : r.endsWith(`:user/backup/${stack}/*`) || r === `arn:aws:iam::${ACCOUNT}:policy/backup/${stack}/backup-${stack}-boundary`,
                    ),
                    s.Sid,
                );
                assert.ok(!s.Action.some((a) => a.includes("*")), `${s.Sid} has a wildcard action`);
            }
        });

        it("names the account when given, and without it matches the same users (IAM acts on the caller's account only)", () => {
            const users = policyFor(stack).Statement.find((s) => s.Sid === "BackupUsers")!;
            assert.deepEqual(users.Resource, [`arn:aws:iam::${ACCOUNT}:user/backup/${stack}/*`]);
            const anyAccount = policyFor(stack, null);
            assert.deepEqual(anyAccount.Statement.find((s) => s.Sid === "BackupUsers")!.Resource, [`arn:aws:iam::*:user/backup/${stack}/*`]);
            const parsed = parsePolicy(anyAccount);
            const denied = callsFromPlan(plans[stack]!).filter((c) => !isAllowed(parsed, c));
            assert.deepEqual(denied, []);
        });
    });
}

describe("the AWS deploy policy and bucket protection", () => {
    it("grants bucket deletes to the unprotected staging stack only; user deletes to both", () => {
        const deletes = ["s3:DeleteBucket", "s3:DeleteBucketPolicy"];
        const staging = parsePolicy(policyFor("staging"));
        const prod = parsePolicy(policyFor("prod"));
        for (const action of deletes) {
            assert.equal(isAllowed(staging, { action, resource: bucketArn("acme-backup-staging-main") }), true, action);
            assert.equal(isAllowed(prod, { action, resource: bucketArn("acme-backup-prod-main") }), false, action);
        }
        assert.equal(isAllowed(prod, { action: "iam:DeleteUser", resource: `arn:aws:iam::${ACCOUNT}:user/backup/prod/u` }), true);
    });

    it("grants the Object Lock configuration only on the locked bucket", () => {
        const prod = parsePolicy(policyFor("prod"));
        const put = "s3:PutBucketObjectLockConfiguration";
        assert.equal(isAllowed(prod, { action: put, resource: bucketArn("acme-backup-prod-archive") }), true);
        assert.equal(isAllowed(prod, { action: put, resource: bucketArn("acme-backup-prod-main") }), false);
    });
});

describe("the per-resource-type table", () => {
    it("fails the derivation for a resource type the program registers without a row", () => {
        const plan = plans.staging!;
        const extra: PlannedResource = {
            ...plan.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")!,
            type: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
            name: "cors",
        };
        assert.throws(
            () => callsFromPlan({ ...plan, resources: [...plan.resources, extra] }),
            /registers aws:s3\/bucketCorsConfiguration:BucketCorsConfiguration, which has no row/,
        );
    });

    it("cites where each row's calls were read", () => {
        for (const [type, row] of Object.entries(AWS_RESOURCE_CALLS)) assert.match(row.source, /internal\/service\/(s3|iam)\/\w+\.go/, type);
    });
});
