/**
 * An AWS key's expiry: a `DateLessThan aws:CurrentTime` condition on every
 * statement of its inline policy. IAM access keys cannot expire on their own;
 * a policy that stops allowing anything at a fixed instant makes a key that
 * was not rotated in time fail closed (every request is denied), while the
 * user and key stay in place for `pulumi up` to replace or delete.
 *
 * Applied to whatever statements awsPolicyDocument returns, so a statement
 * added there later (KMS, say) expires with the rest.
 */
import type { IamPolicyDocument, IamStatement } from "./access";

export const AWS_EXPIRY_OPERATOR = "DateLessThan";
export const AWS_CURRENT_TIME = "aws:CurrentTime";

/** How AWS keys expire, for the permissions output. */
export const AWS_KEY_EXPIRY = {
    mechanism: `${AWS_EXPIRY_OPERATOR} ${AWS_CURRENT_TIME} on every statement of the inline policy (requests after it are denied)`,
    fixedAtCreation: false,
} as const;

function expiring(statement: IamStatement, expiresOn: string): IamStatement {
    const condition = statement.Condition ?? {};
    return {
        ...statement,
        Condition: { ...condition, [AWS_EXPIRY_OPERATOR]: { ...(condition[AWS_EXPIRY_OPERATOR] ?? {}), [AWS_CURRENT_TIME]: [expiresOn] } },
    };
}

/** `doc` with every statement denied from `expiresOn` (RFC 3339 UTC) on; unchanged when there is no expiry. */
export function withExpiry(doc: IamPolicyDocument, expiresOn: string | undefined): IamPolicyDocument {
    if (expiresOn === undefined) return doc;
    return { ...doc, Statement: doc.Statement.map((s) => expiring(s, expiresOn)) };
}
