/**
 * The AWS users' permissions boundary (components/providers/aws/boundary.ts):
 * every backup user has the environment's boundary policy as its
 * permissionsBoundary, and that policy, evaluated with pbac, grants no
 * forbidden action and nothing outside the stack's own buckets. Without it an
 * inline policy written too wide (by mistake, or by a stolen deploy
 * credential) would be what the key may do.
 */
import type { PolicyResource } from "@pulumi/policy";
import { bucketArn } from "../../components/providers/aws/access";
import { boundaryPolicyName, boundaryPolicyPath } from "../../components/providers/aws/boundary";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { forbiddenStatements } from "../iam/check";
import { isAllowed, parsePolicy } from "../iam/evaluate";
import { backupUsers } from "../credentials";
import type { RuleContext, StackRule } from "../rule";
import { AWS_BUCKET_TYPES, bucketName, isKnown, known, label, type Maybe, ofType, readString, UNKNOWN } from "../resources";

const FIX = "create the users through AwsBackupCredential, which the AWS profile gives the environment's boundary (provisionEnvironment)";

/** The environment's boundary policy, by its name and path; UNKNOWN while a policy's name or path is not known yet. */
function boundaryOf(resources: readonly PolicyResource[], environment: string): Maybe<PolicyResource | undefined> {
    const policies = ofType(resources, AWS_TYPES.policy);
    const found = policies.find((p) => readString(p, "name") === boundaryPolicyName(environment) && readString(p, "path") === boundaryPolicyPath(environment));
    if (found) return found;
    return policies.some((p) => !isKnown(known(() => p.props.name)) || !isKnown(known(() => p.props.path))) ? UNKNOWN : undefined;
}

/** Whether the user's permissionsBoundary is the boundary: by value, or in a preview (ARN unknown) by the engine's dependency. */
function userBounded(user: PolicyResource, boundary: PolicyResource): boolean | undefined {
    if ((user.propertyDependencies.permissionsBoundary ?? []).includes(boundary)) return true;
    const value = known(() => user.props.permissionsBoundary);
    const arn = known(() => boundary.props.arn);
    if (!isKnown(value)) return undefined;
    if (typeof value !== "string" || value === "") return false;
    return isKnown(arn) ? value === arn : undefined;
}

/** What the boundary's document allows that it must not: forbidden statements, and any S3 request on a bucket not the stack's. */
function documentProblems(boundary: PolicyResource, resources: readonly PolicyResource[], ctx: RuleContext): void {
    const doc = known(() => boundary.props.policy);
    if (!isKnown(doc)) return;
    let parsed: ReturnType<typeof parsePolicy>;
    try {
        parsed = parsePolicy(doc);
    } catch (e) {
        ctx.report(boundary, `its document cannot be read (${(e as Error).message})`, "give it as a JSON IAM policy document");
        return;
    }
    const fix = "generate it with awsBoundaryDocument (components/providers/aws/boundary.ts) from the environment's AWS remotes";
    for (const s of forbiddenStatements(parsed)) ctx.report(boundary, s, fix);
    const own = new Set(ofType(resources, ...AWS_BUCKET_TYPES).flatMap((b) => bucketName(b) ?? []));
    const outside = ["another-teams-bucket", `${[...own][0] ?? "backup"}-elsewhere`].filter((b) => !own.has(b));
    const requests = outside.flatMap((b) => [
        { action: "s3:ListBucket", resource: bucketArn(b) },
        { action: "s3:GetObject", resource: `${bucketArn(b)}/x` },
        { action: "s3:PutObject", resource: `${bucketArn(b)}/x` },
    ]);
    for (const r of [...requests, { action: "iam:CreateUser", resource: "*" }, { action: "sts:AssumeRole", resource: "*" }]) {
        if (isAllowed(parsed, r)) ctx.report(boundary, `allows ${r.action} on ${r.resource}, outside the environment's buckets`, fix);
    }
}

export const awsUserPermissionsBoundary: StackRule = {
    kind: "stack",
    name: "aws-user-permissions-boundary",
    description:
        "Every AWS backup user has its environment's boundary policy (backup-<env>-boundary under /backup/<env>/) as its permissions boundary, " +
        "and the boundary allows nothing beyond the backup actions on the environment's buckets.",
    check(resources, ctx) {
        const users = backupUsers(resources);
        const boundary = boundaryOf(resources, ctx.environment);
        if (!isKnown(boundary)) return; // Checked again once the policies' names are known.
        if (boundary) documentProblems(boundary, resources, ctx);
        for (const user of users) {
            if (!boundary) {
                ctx.report(user, `the stack has no ${boundaryPolicyName(ctx.environment)} policy under ${boundaryPolicyPath(ctx.environment)} to cap it`, FIX);
                continue;
            }
            const bounded = userBounded(user, boundary);
            if (bounded === false) {
                ctx.report(
                    user,
                    `its permissionsBoundary is not ${label(boundary)} (${String(known(() => user.props.permissionsBoundary) ?? "none")}): its policies are not capped`,
                    FIX,
                );
            }
        }
    },
};
