/**
 * Shared by the AWS deploy-policy tests: the (call, action, ARN) triples the
 * offline plan's AWS resources need, through the per-resource-type table, and
 * the policy the profile prints for a stack.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { loadEnvironment } from "../../cli/deployer-policy/report";
import type { PlannedResource, PlanResult } from "../../cli/plan/run";
import { deployerEnvironment } from "../../components/providers/deployer";
import { bucketArn, type IamPolicyDocument } from "../../components/providers/aws/access";
import { AWS_RESOURCE_CALLS, type AwsCall, type AwsResourceCalls } from "../../components/providers/aws/deployer-calls";
import { callsFor } from "../../components/providers/aws/deployer";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { PROVIDERS } from "../../components/providers/registry";

export const root = path.resolve(__dirname, "..", "..");
export const ACCOUNT = "123456789012";

export interface Call {
    readonly action: string;
    readonly resource: string;
    /** iam:PermissionsBoundary, for the calls AWS sets it on: the user's boundary (every planned user has one). */
    readonly context?: Readonly<Record<string, string>>;
}
export interface PlannedCall extends Call {
    readonly api: string;
    readonly type: string;
}

/** The ARN a resource's calls are authorised against: its bucket, or the IAM user it belongs to. */
export function targetArn(r: PlannedResource, plan: PlanResult, on: AwsResourceCalls["on"]): string {
    if (on === "bucket") return bucketArn(String(r.inputs.bucket));
    if (on === "policy") return `arn:aws:iam::${ACCOUNT}:policy${String(r.inputs.path)}${String(r.inputs.name)}`;
    const userName = String(r.type === AWS_TYPES.user ? r.inputs.name : r.inputs.user);
    const user = plan.resources.find((u) => u.type === AWS_TYPES.user && u.inputs.name === userName);
    assert.ok(user, `the IAM user "${userName}" of ${r.type} ${r.name} is in the plan`);
    return `arn:aws:iam::${ACCOUNT}:user${String(user.inputs.path)}${userName}`;
}

/** The plan's ARN (the mocks' account) in the test's account. */
export const inAccount = (arn: string): string => arn.replace(/^arn:aws:iam::\d{12}:/, `arn:aws:iam::${ACCOUNT}:`);

/** The boundary of the user a resource belongs to, as AWS would put it in a bounded call's request. */
export function boundaryContext(r: PlannedResource, plan: PlanResult, call: AwsCall): Record<string, string> | undefined {
    if (!call.bounded) return undefined;
    const userName = String(r.type === AWS_TYPES.user ? r.inputs.name : r.inputs.user);
    const user = plan.resources.find((u) => u.type === AWS_TYPES.user && u.inputs.name === userName);
    const boundary = user?.inputs.permissionsBoundary;
    return typeof boundary === "string" ? { "iam:PermissionsBoundary": inAccount(boundary) } : undefined;
}

/** Whether the engine may delete the resource (deletes are made only then). */
export const deletable = (r: PlannedResource): boolean => !(r.protect || r.retainOnDelete);

/** Every call the plan's AWS resources make, with its action and ARN. */
export function plannedCalls(plan: PlanResult): PlannedCall[] {
    const out: PlannedCall[] = [];
    for (const r of plan.resources.filter((x) => x.type.startsWith("aws:"))) {
        const row = AWS_RESOURCE_CALLS[r.type];
        if (!row) throw new Error(`the program registers ${r.type}, which has no row in components/providers/aws/deployer-calls.ts`);
        const resource = targetArn(r, plan, row.on);
        for (const c of callsFor(row, r.inputs, deletable(r))) {
            const context = boundaryContext(r, plan, c);
            out.push({ api: c.api, action: c.action, resource, type: r.type, ...(context ? { context } : {}) });
        }
    }
    return out;
}

/** Every (action, ARN) the plan's AWS resources need: deletes only where the engine may delete (not protected, not retained). */
export function callsFromPlan(plan: PlanResult): Call[] {
    return plannedCalls(plan).map(({ action, resource, context }) => ({ action, resource, ...(context ? { context } : {}) }));
}

/** Every call a row lists, whatever the inputs and protection. */
export function everyCallOf(row: AwsResourceCalls): AwsCall[] {
    return [...row.maintain, ...Object.values(row.whenInput ?? {}).flat(), ...row.remove];
}

/** `accountId` null: as without --aws-account-id. */
export function policyFor(stack: string, accountId: string | null = ACCOUNT): IamPolicyDocument {
    const spec = loadEnvironment(root, stack);
    const aws = PROVIDERS.get("aws");
    // Through the profile, as the command asks it.
    const needs = aws.deployer.policy(deployerEnvironment(stack, spec, aws, accountId ? { awsAccountId: accountId } : {}));
    return needs.document.policy as IamPolicyDocument;
}
