/**
 * An AWS key limited to its host's addresses: an `IpAddress aws:SourceIp`
 * condition on every Allow statement of its inline policy. Conditions of one
 * statement are ANDed, so beside the expiry's `DateLessThan aws:CurrentTime`
 * both must hold; a request from elsewhere matches no statement and is
 * implicitly denied.
 *
 * aws:SourceIp is the public address AWS sees: behind NAT, the NAT gateway's
 * (or the firewall's) public address, not the host's private one. Through a
 * VPC gateway or interface endpoint AWS sets no aws:SourceIp at all (only
 * aws:VpcSourceIp and aws:SourceVpce), so such a key is refused there: those
 * forms are not generated yet (docs/hosts.md).
 * docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
 */
import { AWS_SOURCE_IP, AWS_SOURCE_IP_OPERATOR, type IamPolicyDocument, type IamStatement } from "./access";

export { AWS_SOURCE_IP, AWS_SOURCE_IP_OPERATOR } from "./access";

function bound(statement: IamStatement, addresses: readonly string[]): IamStatement {
    const condition = statement.Condition ?? {};
    return {
        ...statement,
        Condition: { ...condition, [AWS_SOURCE_IP_OPERATOR]: { ...(condition[AWS_SOURCE_IP_OPERATOR] ?? {}), [AWS_SOURCE_IP]: [...addresses] } },
    };
}

/** `doc` with every statement allowed only from `addresses`; unchanged without them. */
export function withSourceIp(doc: IamPolicyDocument, addresses: readonly string[] | undefined): IamPolicyDocument {
    if (addresses === undefined || addresses.length === 0) return doc;
    return { ...doc, Statement: doc.Statement.map((s) => bound(s, addresses)) };
}
