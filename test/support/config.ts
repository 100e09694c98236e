/** Build stack configs for tests the way Pulumi hands them to the program. */
import type { StackConfig } from "../../cli/plan/stack-config";

export interface TestEnvironment {
    environment: string;
    protectBuckets?: boolean;
    remotes: Record<string, unknown>;
    credentials?: Record<string, unknown>;
    [key: string]: unknown;
}

export function stackConfig(env: TestEnvironment, extra: Record<string, string> = {}): StackConfig {
    const values: Record<string, string> = { "aws:region": "eu-west-1", ...extra };
    for (const [k, v] of Object.entries(env)) {
        if (v === undefined) continue;
        values[`backup-remotes:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return { values, secretKeys: [] };
}

export const awsRemote = (bucket: string, extra: Record<string, unknown> = {}) => ({
    provider: "aws",
    bucket,
    region: "eu-west-1",
    ...extra,
});

/** A small valid environment with one credential of each role. */
export function threeRoles(environment: string): TestEnvironment {
    return {
        environment,
        // Every environment but prod opts into the test tier, as the staging example does.
        tier: environment === "prod" ? undefined : "test",
        protectBuckets: environment === "prod" ? undefined : false,
        remotes: { "aws-main": awsRemote(`acme-backup-${environment}-main`) },
        credentials: {
            "db-archive": { role: "copy", remote: "aws-main", prefix: "db/", hosts: ["db1", "db2"] },
            "files-mirror": { role: "sync", remote: "aws-main", prefix: "files/", hosts: ["files1"] },
            "restore-check": { role: "verify", remote: "aws-main", prefix: "", hosts: ["monitor1"] },
        },
    };
}
