import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvironmentConfig } from "../../components/config/schema";
import { awsRemoteSchema } from "../../components/providers/aws/schema";

const valid = () => ({
    environment: "staging",
    remotes: { "aws-main": { provider: "aws", bucket: "acme-backup-staging-main", region: "eu-west-1" } },
    credentials: { "db-archive": { role: "copy", remote: "aws-main", prefix: "db/", hosts: ["db1"] } },
});

function errorsOf(stack: string, raw: Record<string, unknown>): string[] {
    const r = parseEnvironmentConfig(stack, raw);
    assert.equal(r.ok, false, "expected the config to be rejected");
    return r.ok ? [] : r.errors;
}

function specOf(stack: string, raw: Record<string, unknown>) {
    const r = parseEnvironmentConfig(stack, raw);
    if (!r.ok) assert.fail(`expected a valid config, got:\n${r.errors.join("\n")}`);
    return r.spec;
}

describe("config schema", () => {
    it("accepts a minimal environment and fills safe defaults", () => {
        const spec = specOf("staging", valid());
        assert.equal(spec.remotes[0]!.config.provider, "aws");
        const remote = awsRemoteSchema.parse(spec.remotes[0]!.config);
        assert.equal(remote.versioning, true);
        assert.deepEqual(remote.encryption, { algorithm: "AES256" });
        assert.equal(remote.lifecycle.noncurrentVersionExpirationDays, 30);
        assert.equal(remote.lifecycle.abortIncompleteMultipartUploadDays, 7);
        assert.equal(spec.protectBuckets, true, "buckets are protected unless turned off");
        assert.equal(spec.credentials[0]!.remote.name, "aws-main");
    });

    it("refuses a config whose environment is not the stack (staging config copied into prod)", () => {
        const raw = { ...valid() };
        assert.deepEqual(errorsOf("prod", raw), [
            'backup-remotes:environment: is "staging" but the stack is "prod": a config copied from another environment must not deploy here; set environment to "prod" and rename its buckets',
            `backup-remotes:remotes.aws-main.bucket: "acme-backup-staging-main" must contain the environment name "prod" as a '-'-separated word (e.g. "acme-backup-prod-db")`,
            `backup-remotes:remotes.aws-main.bucket: "acme-backup-staging-main" also names the "staging" environment: a bucket of another environment must not deploy in "prod"; name it for "prod" alone`,
        ]);
    });

    it("refuses a bucket name that carries another environment's word beside its own", () => {
        const raw = valid();
        raw.remotes["aws-main"].bucket = "acme-backup-prod-staging-main";
        assert.deepEqual(errorsOf("staging", raw), [
            `backup-remotes:remotes.aws-main.bucket: "acme-backup-prod-staging-main" also names the "prod" environment: a bucket of another environment must not deploy in "staging"; name it for "staging" alone`,
        ]);
    });

    it("requires every bucket name to contain the environment as a word, not a substring", () => {
        const raw = valid();
        raw.remotes["aws-main"].bucket = "acme-backup-nonstaging";
        assert.deepEqual(errorsOf("staging", raw), [
            `backup-remotes:remotes.aws-main.bucket: "acme-backup-nonstaging" must contain the environment name "staging" as a '-'-separated word (e.g. "acme-backup-staging-db")`,
        ]);
    });

    it("applies AWS bucket naming rules", () => {
        for (const bucket of ["Acme-staging", "ab", "acme_staging", "acme.staging.x", "-staging-x"]) {
            const raw = valid();
            raw.remotes["aws-main"].bucket = bucket;
            assert.ok(
                errorsOf("staging", raw).includes(
                    "backup-remotes:remotes.aws-main.bucket: bucket must be 3-63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit",
                ),
                bucket,
            );
        }
    });

    it("normalises prefixes to no leading slash and one trailing slash", () => {
        const cases: [string, string][] = [
            ["db", "db/"],
            ["/db/", "db/"],
            ["//db//daily", "db/daily/"],
            ["", ""],
            ["/", ""],
        ];
        for (const [input, expected] of cases) {
            const raw = valid();
            raw.credentials["db-archive"].prefix = input;
            assert.equal(specOf("staging", raw).credentials[0]!.prefix, expected, input);
        }
    });

    it("refuses prefixes IAM would read as wildcards or that climb out", () => {
        for (const prefix of ["db/*", "db?", "${aws:username}/", "a/../b"]) {
            const raw = valid();
            raw.credentials["db-archive"].prefix = prefix;
            const errors = errorsOf("staging", raw);
            assert.equal(errors.length, 1, prefix);
            assert.match(errors[0]!, /^backup-remotes:credentials\.db-archive\.prefix: prefix ".*" must not contain/);
        }
    });

    it("rejects unknown keys and names the valid ones", () => {
        const raw = valid() as Record<string, unknown>;
        (raw.remotes as Record<string, Record<string, unknown>>)["aws-main"]!.lifecyle = { noncurrentVersionExpirationDays: 3 };
        raw.foo = 1;
        assert.deepEqual(errorsOf("staging", raw), [
            'backup-remotes:remotes.aws-main: unknown key "lifecyle" (valid keys: provider, bucket, region, versioning, encryption, lifecycle, objectLock)',
            'backup-remotes: unknown key "foo" (valid keys: environment, tier, protectBuckets, remotes, credentials, hostKeys, breakGlassKeys, hostAddresses, keyRotation, keyGenerations, identityQuotas)',
        ]);
    });

    it("reports every problem at once, each with its config path", () => {
        const errors = errorsOf("staging", {
            environment: "staging",
            remotes: { "aws-main": { provider: "gcs", bucket: "acme-backup-staging-main" } },
            credentials: {
                a: { role: "write", remote: "nope", hosts: [] },
                b: { role: "verify", remote: "aws-main", hosts: ["h1", "h1"] },
            },
        });
        assert.deepEqual(errors, [
            'backup-remotes:remotes.aws-main.provider: provider must be one of "aws", "b2", "r2"',
            "backup-remotes:credentials.a.role: role must be one of copy, sync, verify",
            "backup-remotes:credentials.a.hosts: hosts must name at least one host that receives this credential",
            "backup-remotes:credentials.b.hosts: hosts must not list a host twice",
            'backup-remotes:credentials.a.remote: "nope" is not a remote of this environment (remotes: aws-main)',
        ]);
    });

    const OPT_OUT = "(an environment that is torn down and rebuilt, like staging, opts out with backup-remotes:tier: test)";
    const named = (env: string) => {
        const raw = { ...valid(), environment: env } as ReturnType<typeof valid> & Record<string, unknown>;
        raw.remotes["aws-main"].bucket = `acme-backup-${env}-main`;
        return raw;
    };

    it("applies the production rules to every environment, whatever its name, unless its config opts out", () => {
        for (const env of ["prod", "production", "prd", "live", "dr", "staging"]) {
            assert.deepEqual(
                errorsOf(env, { ...named(env), protectBuckets: false }),
                [`backup-remotes:protectBuckets: must be true in a production environment: its buckets are always protected from deletion ${OPT_OUT}`],
                env,
            );
        }
        const spec = specOf("dr", { ...named("dr"), tier: "test", protectBuckets: false });
        assert.deepEqual([spec.tier, spec.protectBuckets], ["test", false]);
        assert.equal(specOf("dr", named("dr")).tier, "production", "production is the default");
        assert.deepEqual(errorsOf("staging", { ...valid(), tier: "testing" }), ['backup-remotes:tier: tier must be "production" (the default) or "test"']);
        // A staging file copied into prod keeps its opt-out: an environment named for production cannot take it.
        assert.deepEqual(errorsOf("prod", { ...named("prod"), tier: "test", protectBuckets: false }), [
            'backup-remotes:tier: "test" is refused for environment "prod": its name says production; remove the tier key (a test environment needs a name that does not say production, e.g. "staging")',
        ]);
    });

    it("refuses turning versioning off in a production environment and allows it in the test tier", () => {
        const raw = named("dr");
        (raw.remotes["aws-main"] as Record<string, unknown>).versioning = false;
        assert.deepEqual(errorsOf("dr", raw), [
            `backup-remotes:remotes.aws-main.versioning: must be true in a production environment: previous versions are what undoes an overwrite or a delete ${OPT_OUT}`,
        ]);
        assert.equal(specOf("dr", { ...raw, tier: "test" }).remotes[0]!.config.provider, "aws");
    });

    it("refuses Object Lock without versioning (AWS requires versioning for Object Lock)", () => {
        const raw = { ...valid(), tier: "test" } as ReturnType<typeof valid> & Record<string, unknown>;
        Object.assign(raw.remotes["aws-main"], { versioning: false, objectLock: { mode: "GOVERNANCE", days: 30 } });
        assert.deepEqual(errorsOf("staging", raw), [
            "backup-remotes:remotes.aws-main.objectLock: needs versioning: S3 Object Lock works only on versioned buckets; remove objectLock or set versioning: true",
        ]);
    });

    it("refuses two sync credentials with overlapping prefixes, naming both", () => {
        const raw = valid() as ReturnType<typeof valid> & { credentials: Record<string, unknown> };
        raw.credentials["files"] = { role: "sync", remote: "aws-main", prefix: "files/", hosts: ["h1"] };
        raw.credentials["files-a"] = { role: "sync", remote: "aws-main", prefix: "files/a/", hosts: ["h2"] };
        assert.deepEqual(errorsOf("staging", raw), [
            'backup-remotes:credentials.files-a.prefix: "files/a/" overlaps the prefix "files/" of sync credential "files" on remote "aws-main": a sync by "files" would delete what "files-a" mirrors; give the two sync credentials disjoint prefixes',
        ]);
        raw.credentials["files-a"] = { role: "sync", remote: "aws-main", prefix: "files-a/", hosts: ["h2"] };
        specOf("staging", raw);
    });

    it("refuses a sync prefix that overlaps a copy prefix on the same remote", () => {
        const raw = valid() as ReturnType<typeof valid> & { credentials: Record<string, unknown> };
        raw.credentials["mirror"] = { role: "sync", remote: "aws-main", prefix: "", hosts: ["h1"] };
        assert.deepEqual(errorsOf("staging", raw), [
            'backup-remotes:credentials.mirror.prefix: "" overlaps the prefix "db/" of copy credential "db-archive" on remote "aws-main": a sync would delete what "db-archive" archives; give them disjoint prefixes',
        ]);
        raw.credentials["mirror"] = { role: "sync", remote: "aws-main", prefix: "files/", hosts: ["h1"] };
        specOf("staging", raw);
    });

    it("requires kmsKeyArn exactly when the algorithm is aws:kms", () => {
        const raw = valid() as { remotes: Record<string, Record<string, unknown>> } & Record<string, unknown>;
        raw.remotes["aws-main"]!.encryption = { algorithm: "aws:kms" };
        assert.deepEqual(errorsOf("staging", raw), [
            'backup-remotes:remotes.aws-main.encryption: kmsKeyArn is required with algorithm "aws:kms" and not allowed with "AES256"',
        ]);
    });

    it("checks lifecycle days are whole positive numbers", () => {
        const raw = valid() as { remotes: Record<string, Record<string, unknown>> } & Record<string, unknown>;
        raw.remotes["aws-main"]!.lifecycle = { noncurrentVersionExpirationDays: 0, abortIncompleteMultipartUploadDays: 1.5 };
        assert.deepEqual(errorsOf("staging", raw), [
            "backup-remotes:remotes.aws-main.lifecycle.noncurrentVersionExpirationDays: noncurrentVersionExpirationDays must be at least 1 day",
            "backup-remotes:remotes.aws-main.lifecycle.abortIncompleteMultipartUploadDays: abortIncompleteMultipartUploadDays must be a whole number of days",
        ]);
    });

    it("validates credential, remote and host names (they become rclone section and IAM user names)", () => {
        const raw = valid() as { credentials: Record<string, unknown> } & Record<string, unknown>;
        raw.credentials["Bad Name"] = { role: "verify", remote: "aws-main", hosts: ["Host_1"] };
        assert.deepEqual(errorsOf("staging", raw), [
            "backup-remotes:credentials.Bad Name.hosts[0]: each host must be 1-63 characters of lowercase letters, digits, '.' and '-', starting with a letter or digit",
            "backup-remotes:credentials.Bad Name: credential names must be 1-32 lowercase letters, digits and '-', starting with a letter or digit",
        ]);
    });
});
