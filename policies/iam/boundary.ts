/**
 * What an IAM user may really do when it has a permissions boundary: a request
 * is allowed only when an identity policy allows it AND the boundary allows it,
 * and no explicit Deny in either matches (IAM policy evaluation logic, "Evaluating
 * identity-based policies with boundaries"; no resource or session policy is in
 * play for a backup user's key). Each document is evaluated by evaluate.ts,
 * whose `isAllowed` is already false on a matching Deny of that document.
 */
import { isAllowed, type IamRequest, type ParsedPolicy } from "./evaluate";

/** Whether a user with `identity` (its policies, merged) and `boundary` (undefined: none) may make the request. */
export function isAllowedWithin(identity: ParsedPolicy, boundary: ParsedPolicy | undefined, request: IamRequest): boolean {
    return isAllowed(identity, request) && (boundary === undefined || isAllowed(boundary, request));
}
