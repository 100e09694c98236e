/**
 * The stacks the plan's text is held to: both examples, a generated large one,
 * and staging with sealing on, keys that expire and a rotation overlapping
 * (retiring sections), planned through the real program.
 */
import * as path from "node:path";
import { redactPlan, type RedactedPlan } from "../../cli/plan/redact";
import { runPlan, type PlanResult } from "../../cli/plan/run";
import { readStackConfig } from "../../cli/plan/stack-config";
import { stackConfig } from "../support/config";

export const root = path.resolve(__dirname, "..", "..");

/** Every key of the rotation stack is issued on this day; with 90 + 14 days it expires 2026-08-13 (00:00 UTC). */
export const ISSUED = "2026-05-01";
export const EXPIRES = "2026-08-13";
/** Inside the keys' grace window (from 2026-07-30, 90 days after issue) and before they expire. */
export const IN_GRACE = new Date("2026-08-08T12:00:00Z");
/** Before any key reached its maximum age. */
export const BEFORE_GRACE = new Date("2026-06-01T00:00:00Z");

export interface TextStack {
    readonly name: string;
    readonly plan: PlanResult;
    readonly redacted: RedactedPlan;
    /** The clock to render it at. */
    readonly now: Date;
}

async function planned(name: string, run: () => Promise<PlanResult>, now = new Date()): Promise<TextStack> {
    const plan = await run();
    return { name, plan, redacted: redactPlan(plan), now };
}

/** 48 credentials of both roles that need flags, 2 hosts each, over 4 buckets: 96 identities, long names. */
export function largeConfig() {
    const remotes: Record<string, unknown> = {};
    for (let r = 0; r < 4; r++) remotes[`aws-bucket-${r}`] = { provider: "aws", bucket: `acme-backup-large-${r}`, region: "eu-west-1" };
    const credentials: Record<string, unknown> = {};
    for (let i = 0; i < 48; i++) {
        credentials[`db-archive-${i}`] = {
            role: i % 3 === 0 ? "verify" : i % 3 === 1 ? "copy" : "sync",
            remote: `aws-bucket-${i % 4}`,
            prefix: i % 3 === 0 ? "" : `hosts/h${i}/`,
            hosts: [`db${i}a.example.org`, `db${i}b.example.org`],
        };
    }
    return stackConfig({ environment: "large", tier: "test", protectBuckets: false, remotes, credentials });
}

/** Staging with sealing on, every key dated and expiring, and db1's copy keys rotating on all three providers. */
export async function rotationConfig() {
    const age = require("age-encryption") as typeof import("age-encryption");
    const base = readStackConfig(root, "staging");
    const credentials = JSON.parse(base.values["backup-remotes:credentials"]!) as Record<string, { hosts: string[] }>;
    const generations: Record<string, Record<string, unknown[]>> = {};
    for (const [name, c] of Object.entries(credentials)) {
        generations[name] = Object.fromEntries(
            c.hosts.map((h) => [
                h,
                name.endsWith("db-archive") && h === "db1"
                    ? [
                          { generation: 1, issued: "2026-04-01" },
                          { generation: 2, issued: ISSUED },
                      ]
                    : [{ generation: 1, issued: ISSUED }],
            ]),
        );
    }
    const hosts = [...new Set(Object.values(credentials).flatMap((c) => c.hosts))];
    const hostKeys: Record<string, string> = {};
    for (const h of hosts) hostKeys[h] = await age.identityToRecipient(await age.generateX25519Identity());
    return {
        values: {
            ...base.values,
            "backup-remotes:keyRotation": JSON.stringify({ maxKeyAgeDays: 90, graceDays: 14 }),
            "backup-remotes:keyGenerations": JSON.stringify(generations),
            "backup-remotes:hostKeys": JSON.stringify(hostKeys),
        },
        secretKeys: base.secretKeys,
    };
}

/** Plans one after another (the Pulumi runtime is process-global). */
export async function textStacks(): Promise<TextStack[]> {
    return [
        await planned("staging", () => runPlan("staging", { projectDir: root })),
        await planned("prod", () => runPlan("prod", { projectDir: root })),
        await planned("large (generated)", () => runPlan("large", { projectDir: root, config: largeConfig() })),
        await planned(
            "staging, sealed, rotating",
            async () => runPlan("staging", { projectDir: root, config: await rotationConfig(), now: () => IN_GRACE }),
            IN_GRACE,
        ),
    ];
}
