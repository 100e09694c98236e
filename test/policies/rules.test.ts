import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PermissionEntry } from "../../components/outputs";
import { awsPolicyDocument } from "../../components/providers/aws/access";
import { withSourceIp } from "../../components/providers/aws/source-ip";
import { POLICIES, RULES } from "../../policies/pack";
import { testName } from "../../policies/rule";
import { ENVIRONMENT_COMPONENT_TYPE } from "../../components/environment";
import { ITEM_READ_ID, ITEM_WRITE_ID, R2_CONFIG, compliantStack, environmentComponent, withProps, without } from "./fixtures";
import type { FakeResource } from "./helpers";
import { policyResources, runPack, runStackPolicy } from "./helpers";
import { AWS_TYPES } from "../../components/providers/aws/resources";

/** The example stacks' tiers: staging opts into the test tier, prod stays production. */
const policyName = (rule: string, env: string) => (env === "staging" ? testName(rule) : rule);

const packConfig = (env: string) =>
    Object.fromEntries([["r2-token-scope", R2_CONFIG]].map(([k, v]) => [policyName(k as string, env), v as Record<string, unknown>]));

/** Run a rule (its production or test policy, by the stack's tier) and return the violation messages. */
async function violations(rule: string, stack: FakeResource[], env = "prod"): Promise<string[]> {
    const config = rule === "r2-token-scope" ? R2_CONFIG : {};
    return (await runStackPolicy(policyName(rule, env), stack, config)).violations.map((v) => v.message);
}

describe("the compliant example stacks", () => {
    for (const env of ["prod", "staging"]) {
        it(`${env}: no policy of the pack reports anything`, async () => {
            assert.deepEqual(await runPack(policyResources(compliantStack(env)), packConfig(env)), []);
        });
    }
});

interface Case {
    readonly rule: string;
    readonly what: string;
    readonly stack: () => FakeResource[];
    readonly expect: RegExp;
    readonly env?: string;
}

const prod = () => compliantStack("prod");
const policyOf = (role: "copy" | "verify", bucket: string, prefix: string, extra: string[]) => {
    const doc = awsPolicyDocument(role, bucket, prefix);
    return JSON.stringify({ ...doc, Statement: doc.Statement.map((s) => (s.Sid === "ObjectsWithinPrefix" ? { ...s, Action: [...s.Action, ...extra] } : s)) });
};

const CASES: Case[] = [
    // Environment
    {
        rule: "bucket-name-environment",
        what: "a staging bucket name in prod",
        stack: () => withProps(prod(), "aws-main", (p) => ({ ...p, bucket: "acme-backup-staging-main" })),
        expect: /does not contain the environment "prod"/,
    },
    {
        rule: "bucket-name-environment",
        what: "a B2 bucket without the environment",
        stack: () => withProps(prod(), "b2-main", (p) => ({ ...p, bucketName: "acme-backup-b2" })),
        expect: /"acme-backup-b2" does not contain/,
    },
    {
        rule: "no-cross-environment-reference",
        what: "a credential tagged with a staging bucket",
        stack: () =>
            withProps(prod(), "db-archive-db1", (p) => ({ ...p, tags: { ...(p.tags as object), "backup-remotes:bucket": "acme-backup-staging-main" } })),
        expect: /references bucket "acme-backup-staging-main", which belongs to staging/,
    },
    {
        rule: "no-cross-environment-reference",
        what: "an IAM policy on a staging bucket",
        stack: () =>
            withProps(prod(), "db-archive-db1-policy", (p) => ({ ...p, policy: JSON.stringify(awsPolicyDocument("copy", "acme-backup-staging-main", "db/")) })),
        expect: /acme-backup-staging-main/,
    },
    {
        rule: "production-bucket-protection",
        what: "a prod bucket with forceDestroy",
        stack: () => withProps(prod(), "aws-main", (p) => ({ ...p, forceDestroy: true })),
        expect: /forceDestroy is true/,
    },
    {
        rule: "production-bucket-protection",
        what: "an unprotected prod bucket",
        stack: () => prod().map((r) => (r.name === "r2-main" ? { ...r, protect: false } : r)),
        expect: /R2Bucket "r2-main" breaks production-bucket-protection: is not protected/,
    },
    {
        rule: "credential-environment-tag",
        what: "a credential tagged for staging in prod",
        stack: () => withProps(prod(), "restore-check-monitor1", (p) => ({ ...p, tags: { ...(p.tags as object), "backup-remotes:environment": "staging" } })),
        expect: /tag backup-remotes:environment is "staging" in the prod stack/,
    },
    // AWS buckets
    {
        rule: "aws-bucket-versioning",
        what: "suspended versioning",
        stack: () => withProps(prod(), "aws-main-versioning", (p) => ({ ...p, versioningConfiguration: { status: "Suspended" } })),
        expect: /"Suspended", not "Enabled"/,
    },
    {
        rule: "aws-bucket-versioning",
        what: "no versioning resource",
        stack: () => without(prod(), "aws-main-versioning"),
        expect: /has no aws.s3.BucketVersioning/,
    },
    {
        rule: "aws-bucket-lifecycle",
        what: "no noncurrent-version expiry",
        stack: () => withProps(prod(), "aws-main-lifecycle", (p) => ({ ...p, rules: (p.rules as object[]).slice(0, 1) })),
        expect: /expires noncurrent versions/,
    },
    {
        rule: "aws-bucket-lifecycle",
        what: "abort-multipart only for a prefix",
        stack: () =>
            withProps(prod(), "aws-main-lifecycle", (p) => ({
                ...p,
                rules: [{ ...(p.rules as object[])[0], filter: { prefix: "db/" } }, (p.rules as object[])[1]],
            })),
        expect: /aborts incomplete multipart uploads/,
    },
    {
        rule: "aws-bucket-encryption",
        what: "no default encryption",
        stack: () => without(prod(), "aws-main-encryption"),
        expect: /has no aws.s3.BucketServerSideEncryptionConfiguration/,
    },
    {
        rule: "aws-bucket-public-access-block",
        what: "restrictPublicBuckets off",
        stack: () => withProps(prod(), "aws-main-public-access", (p) => ({ ...p, restrictPublicBuckets: false })),
        expect: /restrictPublicBuckets is not true/,
    },
    {
        rule: "aws-bucket-ownership",
        what: "ObjectWriter ownership",
        stack: () => withProps(prod(), "aws-main-ownership", () => ({ bucket: "acme-backup-prod-main", rule: { objectOwnership: "ObjectWriter" } })),
        expect: /"ObjectWriter"/,
    },
    {
        rule: "aws-bucket-tls-only",
        what: "a bucket policy without the TLS deny",
        stack: () => withProps(prod(), "aws-main-tls-only", (p) => ({ ...p, policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) })),
        expect: /denies non-TLS access/,
    },
    // AWS credentials
    {
        rule: "aws-credential-least-privilege",
        what: "a copy key widened with s3:DeleteObject",
        stack: () =>
            withProps(prod(), "db-archive-db1-policy", (p) => ({ ...p, policy: policyOf("copy", "acme-backup-prod-main", "db/", ["s3:DeleteObject"]) })),
        expect: /User "db-archive-db1" \(copy on acme-backup-prod-main\/db\/\) allows what a copy credential must not do: s3:DeleteObject inside/,
    },
    {
        rule: "aws-credential-least-privilege",
        what: "a verify key that can write",
        stack: () =>
            withProps(prod(), "restore-check-monitor1-policy", (p) => ({ ...p, policy: policyOf("verify", "acme-backup-prod-main", "", ["s3:PutObject"]) })),
        expect: /s3:PutObject inside/,
    },
    {
        rule: "aws-credential-least-privilege",
        what: "a user without role tags",
        stack: () => withProps(prod(), "db-archive-db1", (p) => ({ ...p, tags: { "managed-by": "backup-remotes" } })),
        expect: /cannot be checked/,
    },
    {
        rule: "aws-user-permissions-boundary",
        what: "a backup user without its permissions boundary",
        stack: () => withProps(prod(), "db-archive-db1", (p) => ({ ...p, permissionsBoundary: undefined })),
        expect: /its permissionsBoundary is not aws:iam\/policy:Policy "aws-boundary" \(none\): its policies are not capped/,
    },
    {
        rule: "aws-user-permissions-boundary",
        what: "a backup user bounded by another policy",
        stack: () => withProps(prod(), "db-archive-db1", (p) => ({ ...p, permissionsBoundary: "arn:aws:iam::000000000000:policy/backup/prod/wide-open" })),
        expect: /its permissionsBoundary is not .*wide-open\): its policies are not capped/,
    },
    {
        rule: "aws-user-permissions-boundary",
        what: "no boundary policy in the stack",
        stack: () => without(prod(), "aws-boundary"),
        expect: /the stack has no backup-prod-boundary policy under \/backup\/prod\/ to cap it/,
    },
    {
        rule: "aws-user-permissions-boundary",
        what: "a boundary widened to every S3 action on every bucket",
        stack: () =>
            withProps(prod(), "aws-boundary", (p) => ({
                ...p,
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Oops", Effect: "Allow", Action: ["s3:*"], Resource: ["*"] }] }),
            })),
        expect: /statement Oops grants s3:\*/,
    },
    {
        rule: "aws-credential-inline-policy-only",
        what: "a managed policy attached to a backup user",
        stack: () => [
            ...prod(),
            {
                type: AWS_TYPES.userPolicyAttachment,
                name: "admin",
                props: { user: "backup-prod-db-archive-db1", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
            },
        ],
        expect: /attaches a managed policy/,
    },
    {
        rule: "aws-policy-forbidden-actions",
        what: "a statement granting s3:*",
        stack: () => withProps(prod(), "db-archive-db1-policy", (p) => ({ ...p, policy: policyOf("copy", "acme-backup-prod-main", "db/", ["s3:*"]) })),
        expect: /statement ObjectsWithinPrefix grants s3:\*/,
    },
    {
        rule: "credential-secret-outputs",
        what: "an access key whose secret is not a secret",
        stack: () => prod().map((r) => (r.name === "db-archive-db1-key" ? { ...r, additionalSecretOutputs: [] } : r)),
        expect: /output secret is not registered as a secret/,
    },
    // B2
    {
        rule: "b2-bucket-private",
        what: "an allPublic B2 bucket",
        stack: () => withProps(prod(), "b2-main", (p) => ({ ...p, bucketType: "allPublic" })),
        expect: /bucketType is "allPublic"/,
    },
    {
        rule: "b2-bucket-lifecycle",
        what: "a B2 bucket without lifecycle rules",
        stack: () => withProps(prod(), "b2-main", (p) => ({ ...p, lifecycleRules: [] })),
        expect: /daysFromHidingToDeleting/,
    },
    {
        rule: "b2-bucket-encryption",
        what: "a B2 bucket without encryption",
        stack: () => withProps(prod(), "b2-main", (p) => ({ ...p, defaultServerSideEncryption: { mode: "none" } })),
        expect: /SSE-B2/,
    },
    {
        rule: "b2-key-scope",
        what: "a B2 key on every bucket",
        stack: () => withProps(prod(), "files-b2-b2", (p) => ({ ...p, bucketIds: [], bucketId: undefined })),
        expect: /not restricted to a bucket/,
    },
    {
        rule: "b2-key-scope",
        what: "a B2 key on a second bucket (its state's bucketId still the first)",
        stack: () => withProps(prod(), "files-b2-b2", (p) => ({ ...p, bucketIds: ["b2-bucket-id", "other-bucket-id"] })),
        expect: /reaches 2 buckets/,
    },
    {
        rule: "b2-key-scope",
        what: "a B2 key without its credential's namePrefix",
        stack: () => withProps(prod(), "files-b2-b2", (p) => ({ ...p, namePrefix: undefined })),
        expect: /namePrefix is null but credential "files-b2" has prefix "files\/"/,
    },
    {
        rule: "b2-key-scope",
        what: "a B2 key with writeKeys",
        stack: () => withProps(prod(), "files-b2-b2", (p) => ({ ...p, capabilities: [...(p.capabilities as string[]), "writeKeys"] })),
        expect: /holds writeKeys/,
    },
    {
        rule: "b2-key-scope",
        what: "a B2 copy key that can read",
        stack: () => withProps(prod(), "files-b2-b2", (p) => ({ ...p, capabilities: ["listFiles", "readFiles", "writeFiles"] })),
        expect: /differ from the copy role's/,
    },
    // R2
    {
        rule: "r2-bucket-lifecycle",
        what: "an R2 bucket without a lifecycle",
        stack: () => without(prod(), "r2-main-lifecycle"),
        expect: /has no enabled lifecycle rule/,
    },
    {
        rule: "r2-copy-prefix-lock",
        what: "a copy prefix without a lock rule",
        stack: () => withProps(prod(), "r2-main-lock", (p) => ({ ...p, rules: [] })),
        expect: /no enabled lock rule covers prefix "logs\/"/,
    },
    {
        rule: "r2-token-scope",
        what: "a token on two buckets",
        stack: () =>
            withProps(prod(), "logs-r2-r2", (p) => ({
                ...p,
                policies: [
                    {
                        ...(p.policies as Record<string, unknown>[])[0],
                        resources: JSON.stringify({
                            "com.cloudflare.edge.r2.bucket.acct_default_acme-backup-prod-r2": "*",
                            "com.cloudflare.edge.r2.bucket.acct_default_other": "*",
                        }),
                    },
                ],
            })),
        expect: /is not exactly one R2 bucket/,
    },
    {
        rule: "r2-token-scope",
        what: "a copy token with the read group",
        stack: () =>
            withProps(prod(), "logs-r2-r2", (p) => ({
                ...p,
                policies: [{ ...(p.policies as Record<string, unknown>[])[0], permissionGroups: [{ id: ITEM_READ_ID }] }],
            })),
        expect: /grants "Workers R2 Storage Bucket Item Read" but credential "logs-r2" is copy/,
    },
    {
        rule: "r2-token-scope",
        what: "a token with an account-wide group",
        stack: () =>
            withProps(prod(), "logs-r2-r2", (p) => ({
                ...p,
                policies: [{ ...(p.policies as Record<string, unknown>[])[0], permissionGroups: [{ id: "account-admin" }] }],
            })),
        expect: /permission group account-admin is neither "Workers R2 Storage Bucket Item Read"/,
    },
    // Outputs
    {
        rule: "credential-rclone-section",
        what: "a credential missing from the remotes output",
        stack: () =>
            withProps(prod(), "backup-remotes-prod", (p) => ({
                ...p,
                remotes: (p.remotes as { credential: string }[]).filter((r) => r.credential !== "db-archive"),
            })),
        expect: /credential "db-archive" for host "db1" has no entry in the remotes output/,
    },
    {
        rule: "credential-rclone-section",
        what: "a section missing from rcloneConfig",
        stack: () => withProps(prod(), "backup-remotes-prod", (p) => ({ ...p, rcloneConfig: "" })),
        expect: /section \[prod-db-archive.db1\] .* missing from rcloneConfig/,
    },
    {
        rule: "permissions-output-matches",
        what: "a permissions entry hiding a widened key",
        stack: () =>
            withProps(prod(), "db-archive-db1-policy", (p) => ({ ...p, policy: policyOf("copy", "acme-backup-prod-main", "db/", ["s3:DeleteObject"]) })),
        expect: /says delete: denied but .* grants delete: allowed/,
    },
    {
        rule: "permissions-output-matches",
        what: "a permissions entry with the wrong role",
        stack: () =>
            withProps(prod(), "backup-remotes-prod", (p) => ({
                ...p,
                permissions: (p.permissions as { credential: string }[]).map((e) => (e.credential === "restore-check" ? { ...e, role: "sync" } : e)),
            })),
        expect: /role "sync" but the user is tagged "verify"/,
    },
    {
        rule: "permissions-output-matches",
        what: "a B2 copy key that can read, shown as not reading",
        stack: () => withProps(prod(), "files-b2-b2", (p) => ({ ...p, capabilities: ["listFiles", "readFiles", "writeFiles"] })),
        expect: /permissions entry "files-b2" says read: denied but the b2 credential grants read: allowed/,
    },
    {
        rule: "permissions-output-matches",
        what: "an R2 verify entry for a token with Item Write",
        stack: () =>
            withProps(prod(), "backup-remotes-prod", (p) => ({
                ...p,
                permissions: (p.permissions as { credential: string; effective: object }[]).map((e) =>
                    e.credential === "logs-r2" ? { ...e, effective: { list: "allowed", read: "allowed", write: "allowed", delete: "denied" } } : e,
                ),
            })),
        expect: /says delete: denied but the r2 credential grants delete: allowed/,
    },
    {
        rule: "stack-outputs-shape",
        what: "a permissions entry whose effective capabilities lost a field",
        stack: () =>
            withProps(prod(), "backup-remotes-prod", (p) => ({
                ...p,
                permissions: (p.permissions as { credential: string; effective: object }[]).map((e) =>
                    e.credential === "db-archive" ? { ...e, effective: { list: "allowed", read: "denied", write: "allowed" } } : e,
                ),
            })),
        expect: /the permissions output does not have its declared shape \(permissions\.\d+\.effective\.delete: /,
    },
    // Keys (rotation)
    {
        rule: "key-age",
        what: "a key generation older than its maxKeyAgeDays",
        stack: () => withKeys(prod(), { host: "db1", generation: 2, issued: "2020-01-01", expiresOn: "2020-02-14T00:00:00Z", current: true }),
        expect: /credential "db-archive" on host "db1", key generation 2 \(issued 2020-01-01\) is \d+ days old, older than its maxKeyAgeDays of 30; it stops working on 2020-02-14T00:00:00Z/,
    },
    {
        rule: "key-age",
        what: "a key generation dated in the future",
        stack: () => withKeys(prod(), { host: "db1", generation: 2, issued: "2999-01-01", expiresOn: "2999-02-14T00:00:00Z", current: true }),
        expect: /is dated in the future/,
    },
    {
        rule: "aws-key-expiry",
        what: "an AWS key the output says expires, whose policy has no expiry",
        stack: () => withKeys(prod(), { host: "db1", generation: 1, issued: "2026-01-01", expiresOn: "2026-02-14T00:00:00Z", current: true }),
        expect: /User "db-archive-db1" breaks aws-key-expiry: credential "db-archive" on host "db1", key generation 1 should stop working on 2026-02-14T00:00:00Z but its policy still allows then: s3:PutObject inside acme-backup-prod-main\/db\/; .*s3:ListBucket listing acme-backup-prod-main\/db\//,
    },
    {
        rule: "b2-key-expiry",
        what: "a B2 key the output says expires, without a lifetime",
        stack: () => withKeys(prod(), { host: "host1", generation: 1, issued: "2026-01-01", expiresOn: "2026-02-14T00:00:00Z", current: true }, "files-b2"),
        expect: /ApplicationKey "files-b2-b2" breaks b2-key-expiry: credential "files-b2" on host "host1", key generation 1 should stop working on 2026-02-14T00:00:00Z but validDurationInSeconds is unset: the key never expires \(expected 3801600, 44 days\)/,
    },
    {
        rule: "r2-token-expiry",
        what: "an R2 token the output says expires, without expiresOn",
        stack: () => withKeys(prod(), { host: "host1", generation: 1, issued: "2026-01-01", expiresOn: "2026-02-14T00:00:00Z", current: true }, "logs-r2"),
        expect: /ApiToken "logs-r2-r2" breaks r2-token-expiry: .*key generation 1 should stop working on 2026-02-14T00:00:00Z but expiresOn is unset, not at most 2026-02-14T00:00:00Z/,
    },
    // Host addresses
    {
        rule: "key-host-addresses",
        what: "a production key whose host lists no addresses",
        stack: () => withPermissions(prod(), "restore-check", (e) => without_(e, "addresses")),
        expect: /stack "prod" breaks key-host-addresses: credential "restore-check"'s key on host "monitor1" \(aws aws-main\) works from any address/,
    },
    {
        rule: "key-address-not-any",
        what: "an AWS statement allowed from 0.0.0.0/0",
        stack: () =>
            withProps(prod(), "db-archive-db1-policy", (p) => ({
                ...p,
                policy: JSON.stringify(withSourceIp(awsPolicyDocument("copy", "acme-backup-prod-main", "db/"), ["198.51.100.10/32", "0.0.0.0/0"])),
            })),
        expect: /UserPolicy "db-archive-db1-policy" breaks key-address-not-any: is accepted from 0\.0\.0\.0\/0, which is every address/,
    },
    {
        rule: "key-address-not-any",
        what: "an R2 token accepted from ::/0",
        stack: () => withProps(prod(), "logs-r2-r2", (p) => ({ ...p, condition: { requestIp: { ins: ["198.51.100.10/32", "::/0"] } } })),
        expect: /ApiToken "logs-r2-r2" breaks key-address-not-any: is accepted from ::\/0, which is every address/,
    },
    {
        rule: "key-address-not-any",
        what: "a permissions output that gives a key every address",
        stack: () => withPermissions(prod(), "files-b2", (e) => ({ ...e, addresses: { hosts: [{ host: "host1", cidrs: ["0.0.0.0/0"] }] } })),
        expect: /breaks key-address-not-any: the permissions output gives credential "files-b2"'s key on host "host1" 0\.0\.0\.0\/0, which is every address/,
    },
    {
        rule: "key-address-not-any",
        what: "a test-tier AWS statement allowed from ::/0 (key-address-not-any-test)",
        env: "staging",
        stack: () =>
            withProps(compliantStack("staging"), "db-archive-db1-policy", (p) => ({
                ...p,
                policy: JSON.stringify(withSourceIp(awsPolicyDocument("copy", "acme-backup-staging-main", "db/"), ["::/0"])),
            })),
        expect: /breaks key-address-not-any-test: is accepted from ::\/0, which is every address/,
    },
];

/** The stack with one credential's permissions entry changed. */
function withPermissions(stack: FakeResource[], credential: string, change: (e: PermissionEntry) => PermissionEntry): FakeResource[] {
    return withProps(stack, "backup-remotes-prod", (p) => ({
        ...p,
        permissions: (p.permissions as PermissionEntry[]).map((e) => (e.credential === credential ? change(e) : e)),
    }));
}

function without_<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
    const { [key]: _, ...rest } = value;
    return rest;
}

/** The prod stack whose permissions output gives `credential`'s key a 30-day maximum age and this generation. */
function withKeys(stack: FakeResource[], generation: Record<string, unknown>, credential = "db-archive"): FakeResource[] {
    return withProps(stack, "backup-remotes-prod", (p) => ({
        ...p,
        permissions: (p.permissions as { credential: string }[]).map((e) =>
            e.credential === credential ? { ...e, keys: { maxKeyAgeDays: 30, graceDays: 14, generations: [generation] } } : e,
        ),
    }));
}

describe("every rule has a violating example", () => {
    for (const c of CASES) {
        it(`${c.rule}: ${c.what}`, async () => {
            const found = await violations(c.rule, c.stack(), c.env);
            assert.ok(
                found.some((m) => c.expect.test(m)),
                `expected ${c.expect} in:\n${found.join("\n")}`,
            );
            // Each message names the resource, the rule and the fix.
            for (const m of found) assert.match(m, new RegExp(`breaks ${policyName(c.rule, c.env ?? "prod")}: .+\\. Fix: .+\\.$`));
        });
    }

    it("covers every rule of the pack", () => {
        const covered = new Set(CASES.map((c) => c.rule));
        assert.deepEqual(
            RULES.map((r) => r.name).filter((n) => !covered.has(n)),
            [],
        );
    });
});

describe("enforcement per tier", () => {
    it("serves each rule as a mandatory production policy and a configurable test-tier policy (production-only rules once)", () => {
        for (const r of RULES) {
            assert.equal(POLICIES.find((p) => p.name === r.name)?.enforcementLevel, r.productionEnforcement ?? "mandatory", r.name);
            const test = POLICIES.find((p) => p.name === testName(r.name));
            if (r.tiers && !r.tiers.includes("test")) assert.equal(test, undefined, r.name);
            else assert.equal(test?.enforcementLevel, "mandatory", r.name);
        }
    });

    it("key-host-addresses is the one advisory production policy: a key without addresses is reported, not blocked", () => {
        assert.deepEqual(
            POLICIES.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name),
            ["key-host-addresses"],
        );
    });

    it("the tier comes from the environment's config, not the stack's name", async () => {
        const suspended = (stack: FakeResource[]) =>
            withProps(stack, "aws-main-versioning", (p) => ({ ...p, versioningConfiguration: { status: "Suspended" } }));
        const staging = suspended(compliantStack("staging"));
        assert.equal((await runStackPolicy("aws-bucket-versioning", staging)).notApplicable, true);
        assert.equal((await runStackPolicy(testName("aws-bucket-versioning"), staging)).violations.length, 1);
        // A stack named like production but declaring the test tier, and one named "live" that declares nothing.
        const asTest = suspended(compliantStack("production")).map((r) =>
            r.type === ENVIRONMENT_COMPONENT_TYPE ? environmentComponent("production", "test") : r,
        );
        assert.equal((await runStackPolicy(testName("aws-bucket-versioning"), asTest)).violations.length, 1);
        const live = suspended(compliantStack("live")).filter((r) => r.type !== ENVIRONMENT_COMPONENT_TYPE);
        assert.equal((await runStackPolicy(testName("aws-bucket-versioning"), live)).notApplicable, true);
        assert.equal((await runStackPolicy("aws-bucket-versioning", live)).violations.length, 1, "no tier declared: production");
    });

    it("production-only rules do not apply to test-tier stacks (their buckets may be unprotected)", async () => {
        const staging = compliantStack("staging").map((r) => ({ ...r, protect: false }));
        assert.equal((await runStackPolicy("production-bucket-protection", staging)).notApplicable, true);
        const live = compliantStack("live").map((r) => (r.name === "aws-main" ? { ...r, protect: false } : r));
        const found = (await runStackPolicy("production-bucket-protection", live)).violations.map((v) => v.message);
        assert.ok(
            found.some((m) => /"aws-main" breaks production-bucket-protection: is not protected/.test(m)),
            found.join("\n"),
        );
    });

    it("the checked-in test-advisory config names exactly the test-tier policies", async () => {
        const { default: config } = await import("../../policies/test-advisory.json");
        const names = Object.keys(config).sort();
        assert.deepEqual(
            names,
            POLICIES.map((p) => p.name)
                .filter((n) => n.endsWith("-test"))
                .sort(),
        );
        assert.deepEqual(
            names,
            RULES.filter((r) => !r.tiers || r.tiers.includes("test"))
                .map((r) => testName(r.name))
                .sort(),
        );
        for (const v of Object.values(config)) assert.equal((v as { enforcementLevel: string }).enforcementLevel, "advisory");
    });
});

describe("preview: values not known yet", () => {
    it("skips a check whose value is unknown instead of failing the policy", async () => {
        // The engine's marker for an unknown string during preview.
        const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const stack = withProps(prod(), "db-archive-db1-policy", (p) => ({ ...p, policy: UNKNOWN_STRING }));
        assert.deepEqual((await runStackPolicy("aws-credential-least-privilege", stack)).violations, []);
        // …while the other credential is still checked.
        const widened = withProps(stack, "restore-check-monitor1-policy", (p) => ({
            ...p,
            policy: policyOf("verify", "acme-backup-prod-main", "", ["s3:DeleteObject"]),
        }));
        assert.equal((await runStackPolicy("aws-credential-least-privilege", widened)).violations.length, 1);
    });
});

describe("r2-token-scope group IDs", () => {
    const withGroup = (id: string) =>
        withProps(prod(), "logs-r2-r2", (p) => ({ ...p, policies: [{ ...(p.policies as Record<string, unknown>[])[0], permissionGroups: [{ id }] }] }));

    it("knows Cloudflare's bucket-item group IDs without config: Item Read on a copy token is refused", async () => {
        const read = await runStackPolicy("r2-token-scope", withGroup(ITEM_READ_ID));
        assert.match(read.violations.map((v) => v.message).join("\n"), /grants "Workers R2 Storage Bucket Item Read" but credential "logs-r2" is copy/);
    });

    it("takes other IDs from the pack config when Cloudflare changes them", async () => {
        const config = { itemReadPermissionGroupId: "new-read", itemWritePermissionGroupId: "new-write" };
        assert.deepEqual((await runStackPolicy("r2-token-scope", withGroup("new-write"), config)).violations, []);
        assert.match(
            (await runStackPolicy("r2-token-scope", withGroup(ITEM_WRITE_ID), config)).violations.map((v) => v.message).join("\n"),
            /permission group 2efd5506f9c8494dacb1fa10a3e7d5b6 is neither/,
        );
    });
});
