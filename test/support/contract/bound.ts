/**
 * The contract stack with host addresses: db1's keys bound to 127.0.0.1/32
 * (aws:SourceIp, which radosgw evaluates in role policies), db2's unbound.
 * 127.0.0.2 is "elsewhere": a loopback alias, the only other address any
 * test binds to (LOCAL-S3.md 14).
 */
import type { StackConfig } from "../../../cli/plan/stack-config";
import { contractStackConfig } from "./deploy";

export const ALLOWED = "127.0.0.1";
export const ELSEWHERE = "127.0.0.2";

export const BOUND_CREDENTIALS = {
    "db-archive": { role: "copy", prefix: "db/", hosts: ["db1", "db2"] },
    "files-mirror": { role: "sync", prefix: "files/", hosts: ["db1", "db2"] },
    "db-check": { role: "verify", prefix: "db/", hosts: ["db1", "db2"] },
} as const;

export function boundStackConfig(): StackConfig {
    const config = contractStackConfig("staging", BOUND_CREDENTIALS);
    return { ...config, values: { ...config.values, "backup-remotes:hostAddresses": JSON.stringify({ db1: [`${ALLOWED}/32`] }) } };
}

/** `policy` without its aws:SourceIp conditions: the condition reverted, for the tests' controls. */
export function withoutSourceIp(policy: string): string {
    const doc = JSON.parse(policy) as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] };
    for (const s of doc.Statement) {
        if (s.Condition?.IpAddress) delete s.Condition.IpAddress;
    }
    return JSON.stringify(doc);
}
