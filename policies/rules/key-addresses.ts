/**
 * Where keys work from (hostAddresses, docs/configuration.md "Host addresses").
 * key-host-addresses: in production every key should be limited to its host's
 * networks; one that works from anywhere is reported, advisory (a host may
 * have no fixed address yet; the control is rotation). Read from the
 * `permissions` output's `addresses`: a B2 key whose host lists addresses
 * already carries the deviation b2-key-any-address there, so it is not reported
 * again. key-address-not-any: a range of every address (0.0.0.0/0, ::/0) in
 * what a key really holds (an AWS statement's aws:SourceIp, an R2 token's
 * requestIp) or in the output reads as a restriction and is none: mandatory.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isAnyAddress } from "../../components/network/cidr";
import { AWS_SOURCE_IP } from "../../components/providers/aws/access";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { R2_TYPES } from "../../components/providers/r2/resources";
import { permissionEntries } from "../credentials";
import type { StackRule } from "../rule";
import { isKnown, known, ofType } from "../resources";
import { isRecord } from "../../components/config-fields";

type Props = Record<string, unknown>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");

export const keyHostAddresses: StackRule = {
    kind: "stack",
    name: "key-host-addresses",
    description:
        "In production every key is limited to its host's addresses (backup-remotes:hostAddresses); a key that works from any address is reported (advisory).",
    tiers: ["production"],
    productionEnforcement: "advisory",
    check(resources, ctx) {
        for (const entry of permissionEntries(resources) ?? []) {
            const listed = new Set(entry.addresses?.hosts.map((h) => h.host) ?? []);
            for (const host of entry.hosts.filter((h) => !listed.has(h))) {
                ctx.report(
                    undefined,
                    `credential "${entry.credential}"'s key on host "${host}" (${entry.provider} ${entry.remote}) works from any address`,
                    `list the host's public networks under backup-remotes:hostAddresses.${host} (docs/configuration.md, "Host addresses")`,
                );
            }
        }
    },
};

/** The aws:SourceIp ranges an IAM policy document allows from (IpAddress operators; NotIpAddress only narrows). */
function awsSourceIps(policy: unknown): string[] {
    let doc: unknown = policy;
    if (typeof policy === "string") {
        try {
            doc = JSON.parse(policy);
        } catch {
            return []; // aws-credential-least-privilege names an unreadable policy
        }
    }
    const statements = isRecord(doc) ? (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : [];
    return statements.filter(isRecord).flatMap((s) =>
        Object.entries(isRecord(s.Condition) ? s.Condition : {})
            .filter(([operator, values]) => /IpAddress$/i.test(operator) && !/NotIpAddress$/i.test(operator) && isRecord(values))
            .flatMap(([, values]) =>
                Object.entries(values as Props)
                    .filter(([key]) => key.toLowerCase() === AWS_SOURCE_IP.toLowerCase())
                    .flatMap(([, v]) => strings(v)),
            ),
    );
}

/** An R2 token's condition.requestIp.in ranges. */
function r2RequestIps(condition: unknown): string[] {
    const requestIp = isRecord(condition) ? condition.requestIp : undefined;
    return isRecord(requestIp) ? strings(requestIp.ins ?? []) : [];
}

function anyIn(cidrs: readonly string[]): string[] {
    return cidrs.filter(isAnyAddress);
}

export const keyAddressNotAny: StackRule = {
    kind: "stack",
    name: "key-address-not-any",
    description:
        "No key is limited to a range of every address (0.0.0.0/0, ::/0): not in an AWS aws:SourceIp condition, an R2 token's requestIp or the permissions output.",
    check(resources, ctx) {
        const fix = "list the host's own networks under backup-remotes:hostAddresses, or leave the host out if its keys work from anywhere";
        const held: [PolicyResource, string[]][] = [
            ...ofType(resources, AWS_TYPES.userPolicy).map((r): [PolicyResource, string[]] => {
                const policy = known(() => r.props.policy);
                return [r, isKnown(policy) ? awsSourceIps(policy) : []];
            }),
            ...ofType(resources, R2_TYPES.apiToken).map((r): [PolicyResource, string[]] => {
                const condition = known(() => r.props.condition);
                return [r, isKnown(condition) ? r2RequestIps(condition) : []];
            }),
        ];
        for (const [resource, cidrs] of held) {
            for (const cidr of anyIn(cidrs)) ctx.report(resource, `is accepted from ${cidr}, which is every address`, fix);
        }
        for (const entry of permissionEntries(resources) ?? []) {
            for (const { host, cidrs } of entry.addresses?.hosts ?? []) {
                for (const cidr of anyIn(cidrs)) {
                    ctx.report(
                        undefined,
                        `the permissions output gives credential "${entry.credential}"'s key on host "${host}" ${cidr}, which is every address`,
                        fix,
                    );
                }
            }
        }
    },
};

export const keyAddressRules: readonly StackRule[] = [keyHostAddresses, keyAddressNotAny];
