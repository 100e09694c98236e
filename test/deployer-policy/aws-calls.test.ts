/**
 * One pbac test per API call in the AWS call table, for each example stack:
 * the printed deploy policy allows the call's action on every resource of the
 * stack that makes the call, and denies it on the other stack's buckets and
 * users. A call the engine never makes in a stack (a delete of a protected
 * resource) is denied there unless another call on the same ARN needs the
 * action. The calls the table says are not granted (PutBucketAcl, the S3
 * tagging fallback) are denied on the stack's own buckets. The table is read
 * for one @pulumi/aws; a lock file that pins another fails here.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { runPlan, type PlannedResource, type PlanResult } from "../../cli/plan/run";
import { bucketArn } from "../../components/providers/aws/access";
import {
    AWS_CALLS_NOT_GRANTED,
    AWS_PROVIDER_READ,
    AWS_RESOURCE_CALLS,
    type AwsCall,
    type AwsResourceCalls,
} from "../../components/providers/aws/deployer-calls";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { isAllowed, parsePolicy, type ParsedPolicy } from "../../policies/iam/evaluate";
import { boundaryContext, deletable, inAccount, everyCallOf, plannedCalls, policyFor, root, targetArn } from "./aws-plan-calls";

const STACKS = ["staging", "prod"] as const;
const plans: Record<string, PlanResult> = {};
const policies: Record<string, ParsedPolicy> = {};
before(async () => {
    for (const stack of STACKS) {
        plans[stack] = await runPlan(stack, { projectDir: root });
        policies[stack] = parsePolicy(policyFor(stack));
    }
});

type Phase = "maintain" | "remove" | { readonly input: string };

/** The resources of the plan that make this call (deletes only where the engine may delete; input calls where it is set). */
function makers(plan: PlanResult, type: string, phase: Phase): PlannedResource[] {
    const ofType = plan.resources.filter((r) => r.type === type);
    if (phase === "maintain") return ofType;
    if (phase === "remove") return ofType.filter(deletable);
    return ofType.filter((r) => Boolean(r.inputs[phase.input]));
}

function phases(row: AwsResourceCalls): { call: AwsCall; phase: Phase }[] {
    return [
        ...row.maintain.map((call) => ({ call, phase: "maintain" as const })),
        ...Object.entries(row.whenInput ?? {}).flatMap(([input, calls]) => calls.map((call) => ({ call, phase: { input } }))),
        ...row.remove.map((call) => ({ call, phase: "remove" as const })),
    ];
}

const phaseName = (p: Phase): string => (typeof p === "string" ? p : `create with ${p.input}`);

for (const [type, row] of Object.entries(AWS_RESOURCE_CALLS)) {
    describe(`the AWS deploy policy and ${type}`, () => {
        for (const { call, phase } of phases(row)) {
            for (const stack of STACKS) {
                const other = stack === "staging" ? "prod" : "staging";
                it(`${stack}: ${call.api} (${phaseName(phase)}) → ${call.action}`, () => {
                    const plan = plans[stack]!;
                    const policy = policies[stack]!;
                    // A bounded call as AWS sees it: with the user's boundary in the request.
                    const made = makers(plan, type, phase).map((r) => ({ resource: targetArn(r, plan, row.on), context: boundaryContext(r, plan, call) }));
                    if (call.bounded) assert.ok(made.length > 0 && made.every((m) => m.context !== undefined), "every maker's user has a boundary");
                    for (const { resource, context } of made) {
                        assert.ok(isAllowed(policy, { action: call.action, resource, ...(context ? { context } : {}) }), `allowed on ${resource}`);
                    }
                    // Where the call is not made (a protected resource), only another call's need may grant the action.
                    const needed = new Set(
                        plannedCalls(plan)
                            .filter((c) => c.action === call.action)
                            .map((c) => c.resource),
                    );
                    for (const r of plan.resources.filter((x) => x.type === type)) {
                        const resource = targetArn(r, plan, row.on);
                        if (!needed.has(resource)) assert.equal(isAllowed(policy, { action: call.action, resource }), false, `denied on ${resource}`);
                    }
                    const theirs = plans[other]!;
                    for (const r of theirs.resources.filter((x) => x.type === type)) {
                        const resource = targetArn(r, theirs, row.on);
                        assert.equal(isAllowed(policy, { action: call.action, resource }), false, `denied on ${other}'s ${resource}`);
                    }
                });
            }
        }
    });
}

describe("the AWS calls the deploy policy does not grant", () => {
    for (const call of AWS_CALLS_NOT_GRANTED) {
        for (const stack of STACKS) {
            it(`${stack}: ${call.api} → ${call.action} is denied on its own ${call.on === "bucket" ? "buckets" : call.on === "user" ? "users" : "boundary"}`, () => {
                const plan = plans[stack]!;
                const type = { bucket: AWS_TYPES.bucket, user: AWS_TYPES.user, policy: AWS_TYPES.policy }[call.on];
                const targets = plan.resources.filter((r) => r.type === type);
                assert.ok(targets.length > 0);
                for (const r of targets) {
                    const resource = targetArn(r, plan, call.on);
                    const boundary = r.inputs.permissionsBoundary;
                    // With the boundary in the request too: what is not granted is not granted whatever the request carries.
                    for (const context of [undefined, typeof boundary === "string" ? { "iam:PermissionsBoundary": inAccount(boundary) } : undefined]) {
                        assert.equal(isAllowed(policies[stack]!, { action: call.action, resource, ...(context ? { context } : {}) }), false, resource);
                    }
                }
            });
        }
    }

    it("no row needs them: a call listed as not granted is made by no resource type", () => {
        const needed = new Set(Object.values(AWS_RESOURCE_CALLS).flatMap((row) => phases(row).map((p) => p.call.action)));
        assert.deepEqual(
            AWS_CALLS_NOT_GRANTED.filter((c) => needed.has(c.action)).map((c) => c.action),
            [],
        );
    });
});

describe("the bucket's tags, as @pulumi/aws 7 (terraform-provider-aws ≥ 6.23) handles them", () => {
    it("every bucket of both stacks gets the S3 Control tagging actions and CreateBucket, nothing on the other stack", () => {
        const tagging = ["s3:CreateBucket", "s3:TagResource", "s3:UntagResource", "s3:ListTagsForResource"];
        for (const stack of STACKS) {
            const other = stack === "staging" ? "prod" : "staging";
            const own = plans[stack]!.resources.filter((r) => r.type === AWS_TYPES.bucket).map((r) => bucketArn(String(r.inputs.bucket)));
            const theirs = plans[other]!.resources.filter((r) => r.type === AWS_TYPES.bucket).map((r) => bucketArn(String(r.inputs.bucket)));
            for (const action of tagging) {
                for (const resource of own) assert.ok(isAllowed(policies[stack]!, { action, resource }), `${stack}: ${action} ${resource}`);
                for (const resource of theirs) assert.equal(isAllowed(policies[stack]!, { action, resource }), false, `${stack}: ${action} ${resource}`);
            }
        }
    });

    it("the tags ride in CreateBucket (s3:TagResource) and are read and changed through S3 Control", () => {
        const bucket = AWS_RESOURCE_CALLS[AWS_TYPES.bucket]!;
        const apis = bucket.maintain.map((c) => `${c.api} → ${c.action}`);
        for (const expected of [
            "S3 CreateBucket → s3:CreateBucket",
            "S3 CreateBucket (with tags) → s3:TagResource",
            "S3 Control TagResource → s3:TagResource",
            "S3 Control UntagResource → s3:UntagResource",
            "S3 Control ListTagsForResource → s3:ListTagsForResource",
        ])
            assert.ok(apis.includes(expected), expected);
        const dropped = ["s3:PutBucketAcl", "s3:GetBucketTagging", "s3:PutBucketTagging"];
        assert.deepEqual(
            everyCallOf(bucket).filter((c) => dropped.includes(c.action)),
            [],
            "no ACL write, no S3 tagging fallback",
        );
    });
});

describe("the provider the call table was read for", () => {
    it("is the @pulumi/aws the lock file pins", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
        assert.equal(
            lock.packages["node_modules/@pulumi/aws"]?.version,
            AWS_PROVIDER_READ.pulumiAws,
            "package-lock.json moved @pulumi/aws: read the calls in components/providers/aws/deployer-calls.ts again for it",
        );
    });
});
