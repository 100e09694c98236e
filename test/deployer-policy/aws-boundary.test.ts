/**
 * The deploy credential and the users' permissions boundary, evaluated with
 * pbac (policies/iam): it creates users, and writes or attaches their policies,
 * only with the environment's boundary in place; it never removes a user's
 * boundary nor changes or deletes the boundary, even when another policy of the
 * deploy identity allows everything (the denials are explicit). Both policy
 * forms: with --aws-account-id and without (twelve `?` for the account).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { boundaryArn } from "../../components/providers/aws/boundary";
import type { IamPolicyDocument } from "../../components/providers/aws/access";
import { isAllowed, parsePolicy, type ParsedPolicy } from "../../policies/iam/evaluate";
import { ACCOUNT, policyFor } from "./aws-plan-calls";

const KEY = "iam:PermissionsBoundary";
/** What an admin-like second policy of the deploy identity would add: everything. */
const ALLOW_ALL = { Sid: "SomethingElseAllowsAll", Effect: "Allow", Action: ["*"], Resource: ["*"] };

function withAllowAll(doc: IamPolicyDocument): ParsedPolicy {
    return parsePolicy({ ...doc, Statement: [...doc.Statement, ALLOW_ALL] });
}

for (const stack of ["staging", "prod"]) {
    for (const accountId of [ACCOUNT, null]) {
        describe(`${stack}'s deploy policy ${accountId ? "with" : "without"} --aws-account-id, and the boundary`, () => {
            const doc = policyFor(stack, accountId);
            const policy = parsePolicy(doc);
            const user = `arn:aws:iam::${ACCOUNT}:user/backup/${stack}/backup-${stack}-new-host`;
            const boundary = boundaryArn(stack, ACCOUNT);
            const other = stack === "staging" ? "prod" : "staging";
            const notTheBoundary = [
                `arn:aws:iam::${ACCOUNT}:policy/backup/${stack}/wide-open`,
                `arn:aws:iam::${ACCOUNT}:policy/backup/${stack}/x:policy/backup/${stack}/backup-${stack}-boundary`,
                boundaryArn(other, ACCOUNT),
                "arn:aws:iam::aws:policy/AdministratorAccess",
            ];
            const bounded = (action: string, context?: string) =>
                isAllowed(policy, { action, resource: user, ...(context ? { context: { [KEY]: context } } : {}) });

            it("creates a user only with the boundary", () => {
                assert.equal(bounded("iam:CreateUser", boundary), true);
                assert.equal(bounded("iam:CreateUser"), false, "without a boundary");
                for (const b of notTheBoundary) assert.equal(bounded("iam:CreateUser", b), false, b);
            });

            it("writes a user's policy or sets its boundary only when the boundary is the environment's, and attaches no managed policy", () => {
                for (const action of ["iam:PutUserPolicy", "iam:PutUserPermissionsBoundary"]) {
                    assert.equal(bounded(action, boundary), true, action);
                    assert.equal(bounded(action), false, `${action} on a user without a boundary`);
                    for (const b of notTheBoundary) assert.equal(bounded(action, b), false, `${action} with ${b}`);
                }
                assert.equal(bounded("iam:AttachUserPolicy", boundary), false, "the program attaches no managed policy");
            });

            it("denies the unbounded forms even when another policy of the deploy identity allows everything", () => {
                const wide = withAllowAll(doc);
                for (const action of ["iam:CreateUser", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:PutUserPermissionsBoundary"]) {
                    assert.equal(isAllowed(wide, { action, resource: user }), false, `${action} without a boundary`);
                    for (const b of notTheBoundary) assert.equal(isAllowed(wide, { action, resource: user, context: { [KEY]: b } }), false, `${action} ${b}`);
                    assert.equal(isAllowed(wide, { action, resource: user, context: { [KEY]: boundary } }), true, `${action} with the boundary`);
                }
            });

            it("never removes a user's boundary", () => {
                assert.equal(bounded("iam:DeleteUserPermissionsBoundary", boundary), false);
                assert.equal(
                    isAllowed(withAllowAll(doc), { action: "iam:DeleteUserPermissionsBoundary", resource: user, context: { [KEY]: boundary } }),
                    false,
                );
            });

            it("creates and reads the boundary, and never changes or deletes it", () => {
                for (const action of ["iam:CreatePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:TagPolicy"]) {
                    assert.equal(isAllowed(policy, { action, resource: boundary }), true, action);
                    assert.equal(isAllowed(policy, { action, resource: notTheBoundary[0]! }), false, `${action} on another policy`);
                }
                for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy"]) {
                    assert.equal(isAllowed(policy, { action, resource: boundary }), false, action);
                    assert.equal(isAllowed(withAllowAll(doc), { action, resource: boundary }), false, `${action}, whatever else allows it`);
                }
            });
        });
    }
}
