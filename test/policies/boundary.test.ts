/**
 * Every AWS user of the example stacks' plans, evaluated with pbac
 * (policies/iam/boundary.ts): its effective rights (inline policy ∩ the
 * environment's boundary) are its inline policy's rights, for every probe the
 * pack asks of its role; and an inline policy widened by mistake (s3:* on *,
 * another bucket, IAM) stays capped at the boundary's backup actions on the
 * environment's own buckets.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { runPlan, type PlannedResource, type PlanResult } from "../../cli/plan/run";
import { bucketArn } from "../../components/providers/aws/access";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import type { Role } from "../../components/permissions/roles";
import { isAllowedWithin } from "../../policies/iam/boundary";
import { isAllowed, parsePolicy, type IamRequest } from "../../policies/iam/evaluate";
import { probesFor } from "../../policies/iam/expectations";

const root = path.resolve(__dirname, "..", "..");
const plans: Record<string, PlanResult> = {};
before(async () => {
    for (const stack of ["staging", "prod"]) plans[stack] = await runPlan(stack, { projectDir: root });
});

interface User {
    readonly name: string;
    readonly role: Role;
    readonly bucket: string;
    readonly prefix: string;
    readonly policy: unknown;
    readonly boundary: unknown;
}

/** Each planned user with its inline policy and the document of the policy its permissionsBoundary names. */
function users(plan: PlanResult): User[] {
    const policies = plan.resources.filter((r) => r.type === AWS_TYPES.policy);
    return plan.resources
        .filter((r) => r.type === AWS_TYPES.user)
        .map((u: PlannedResource) => {
            const tags = u.inputs.tags as Record<string, string>;
            const inline = plan.resources.find((r) => r.type === AWS_TYPES.userPolicy && r.inputs.user === u.inputs.name);
            const boundary = policies.find((p) => p.outputs.arn === u.inputs.permissionsBoundary);
            assert.ok(inline, `${String(u.inputs.name)} has an inline policy`);
            assert.ok(boundary, `${String(u.inputs.name)}'s permissionsBoundary names the environment's boundary policy`);
            return {
                name: String(u.inputs.name),
                role: tags["backup-remotes:role"] as Role,
                bucket: tags["backup-remotes:bucket"]!,
                prefix: tags["backup-remotes:prefix"]!,
                policy: inline.inputs.policy,
                boundary: boundary.inputs.policy,
            };
        });
}

function kmsKeys(doc: unknown): string[] {
    const statements = (JSON.parse(String(doc)) as { Statement: { Resource: string[] }[] }).Statement;
    return statements.flatMap((s) => s.Resource).filter((r) => r.startsWith("arn:aws:kms:"));
}

for (const stack of ["staging", "prod"]) {
    describe(`the AWS users of ${stack} and their permissions boundary`, () => {
        it("every user has one, and its effective rights are its inline policy's: unchanged by the boundary", () => {
            const all = users(plans[stack]!);
            assert.ok(all.length > 0);
            for (const u of all) {
                const identity = parsePolicy(u.policy);
                const boundary = parsePolicy(u.boundary);
                const probes = probesFor({ role: u.role, bucket: u.bucket, prefix: u.prefix }, [...kmsKeys(u.policy), ...kmsKeys(u.boundary)]);
                const allowed = probes.filter((p) => isAllowed(identity, p));
                assert.ok(allowed.length > 0, `${u.name}: its policy allows something`);
                for (const p of probes) assert.equal(isAllowedWithin(identity, boundary, p), isAllowed(identity, p), `${u.name}: ${p.action} ${p.where}`);
            }
        });

        it("caps an inline policy widened by mistake at the backup actions on the environment's buckets", () => {
            const [u] = users(plans[stack]!);
            const buckets = plans[stack]!.resources.filter((r) => r.type === AWS_TYPES.bucket).map((r) => String(r.inputs.bucket));
            const widened = parsePolicy({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: "s3:*", Resource: "*" },
                    { Effect: "Allow", Action: ["iam:*", "kms:*", "sts:*"], Resource: "*" },
                ],
            });
            const boundary = parsePolicy(u!.boundary);
            const capped: IamRequest[] = [
                { action: "s3:GetObject", resource: `${bucketArn(`acme-backup-${stack === "prod" ? "staging" : "prod"}-main`)}/x` },
                { action: "s3:GetObject", resource: `${bucketArn("another-teams-bucket")}/x` },
                { action: "s3:DeleteBucket", resource: bucketArn(buckets[0]!) },
                { action: "s3:PutBucketPolicy", resource: bucketArn(buckets[0]!) },
                { action: "s3:DeleteObjectVersion", resource: `${bucketArn(buckets[0]!)}/x` },
                { action: "s3:PutObjectAcl", resource: `${bucketArn(buckets[0]!)}/x`, context: { "s3:x-amz-acl": "public-read" } },
                { action: "s3:ListAllMyBuckets", resource: "*" },
                { action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/backup/x" },
                { action: "kms:Decrypt", resource: "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555" },
            ];
            for (const r of capped) {
                assert.equal(isAllowed(widened, r), true, `the widened policy alone allows ${r.action} ${r.resource}`);
                assert.equal(isAllowedWithin(widened, boundary, r), false, `capped: ${r.action} ${r.resource}`);
            }
            // What is left is the boundary's: backup actions on the environment's own buckets.
            for (const b of buckets) {
                assert.equal(isAllowedWithin(widened, boundary, { action: "s3:GetObject", resource: `${bucketArn(b)}/any/key` }), true, b);
                assert.equal(isAllowedWithin(widened, boundary, { action: "s3:ListBucket", resource: bucketArn(b) }), true, b);
            }
        });

        it("a Deny in the boundary wins over the identity policy's Allow", () => {
            const [u] = users(plans[stack]!);
            const identity = parsePolicy(u!.policy);
            const doc = JSON.parse(String(u!.boundary)) as { Statement: unknown[] };
            const denying = parsePolicy({ ...doc, Statement: [...doc.Statement, { Effect: "Deny", Action: "s3:*", Resource: "*" }] });
            const allowedProbe = probesFor({ role: u!.role, bucket: u!.bucket, prefix: u!.prefix }).find((p) => isAllowed(identity, p))!;
            assert.equal(isAllowedWithin(identity, denying, allowedProbe), false);
            assert.equal(isAllowedWithin(identity, undefined, allowedProbe), true, "without a boundary: the policy alone");
        });
    });
}
