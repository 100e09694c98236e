/**
 * Bad configs, as mutations of the two example stacks: each is refused with
 * its config key named (and, where it says so, what the message must say), or
 * listed VALID with the reason. corpus.test.ts runs every case through the
 * plan's own entry (the stack file's config map → parseNamespacedConfig) and
 * a handful through the real plan command.
 *
 * Key dates are judged at CORPUS_NOW; cases through the real command (real
 * clock) use dates far from any "today".
 */

/** The stack file's config map, values decoded (what `config:` holds, namespaced keys). */
export type Cfg = Record<string, unknown>;

/** Age public keys of the example hosts (made with age-keygen by the test). */
export interface CorpusKeys {
    readonly db1: string;
    readonly db2: string;
    readonly files1: string;
    readonly monitor1: string;
    readonly operator: string;
}

interface Base {
    readonly id: string;
    readonly stack: "staging" | "prod";
    /** Also run through the real `plan` command (exit 1, key named, no trace). */
    readonly cli?: true;
}
export interface ConfigCase extends Base {
    readonly edit: (c: Cfg, keys: CorpusKeys) => void;
    readonly refused?: { readonly key: string; readonly says?: RegExp };
    readonly valid?: string;
}
export interface FileCase extends Base {
    /** The stack file's text, from the example's. */
    readonly text: (example: string) => string;
    readonly refused: { readonly says: RegExp };
}
export type CorpusCase = ConfigCase | FileCase;

export const CORPUS_NOW = new Date("2026-06-01T12:00:00Z");

const NS = "backup-remotes";
const K = (path: string) => `${NS}:${path}`;
type Obj = Record<string, unknown>;

const remotes = (c: Cfg) => c[K("remotes")] as Record<string, Obj>;
const remote = (c: Cfg, name: string) => remotes(c)[name]!;
const creds = (c: Cfg) => c[K("credentials")] as Record<string, Obj>;
const cred = (c: Cfg, name: string) => creds(c)[name]!;
const lifecycle = (c: Cfg, name: string) => remote(c, name).lifecycle as Obj;
const set = (c: Cfg, key: string, value: unknown) => {
    c[K(key)] = value;
};
/** Every staging credential's keys dated: one generation each, issued `issued`, with a maximum age. */
function rotating(c: Cfg, issued: string, maxKeyAgeDays = 90): void {
    set(c, "keyRotation", { maxKeyAgeDays });
    set(
        c,
        "keyGenerations",
        Object.fromEntries(
            Object.entries(creds(c)).map(([name, v]) => [name, Object.fromEntries((v.hosts as string[]).map((h) => [h, [{ generation: 2, issued }]]))]),
        ),
    );
}
const KMS = (region: string, id = "0d6f7a2e-5c1b-4b8e-9f3a-2c4d6e8f0a1b") => `arn:aws:kms:${region}:111122223333:key/${id}`;
const allHostKeys = (c: Cfg, k: CorpusKeys) => set(c, "hostKeys", { db1: k.db1, files1: k.files1, monitor1: k.monitor1 });

const file = (id: string, text: FileCase["text"], says: RegExp, cli?: true): FileCase => ({
    id,
    stack: "staging",
    text,
    refused: { says },
    ...(cli ? { cli } : {}),
});
const bad = (id: string, stack: Base["stack"], key: string, edit: ConfigCase["edit"], says?: RegExp, cli?: true): ConfigCase => ({
    id,
    stack,
    edit,
    refused: { key, ...(says ? { says } : {}) },
    ...(cli ? { cli } : {}),
});
const ok = (id: string, stack: Base["stack"], valid: string, edit: ConfigCase["edit"]): ConfigCase => ({ id, stack, edit, valid });

const BOMB = [
    'lol: &a ["x","x","x","x","x","x","x","x","x","x"]',
    ...["b", "c", "d", "e", "f", "g"].map(
        (n, i) =>
            `${n}: &${n} [${Array(10)
                .fill(`*${i === 0 ? "a" : ["b", "c", "d", "e", "f", "g"][i - 1]}`)
                .join(",")}]`,
    ),
]
    .map((l) => `  x-${l}`)
    .join("\n");

export const CORPUS: readonly CorpusCase[] = [
    // The file itself.
    file("file-empty", () => "", /the file is empty/, true),
    file("file-comments-only", () => "# nothing here\n", /the file is empty/),
    file("file-top-level-list", () => "- config\n- x\n", /line 1, column 1: the file is a list, not a mapping/, true),
    file("file-top-level-scalar", () => "config\n", /the file is a single value, not a mapping/),
    file("file-no-config-key", () => "encryptionsalt: v1:abc\n", /has no `config:` key/),
    file("file-config-empty", () => "config:\n", /`config:` is empty/),
    file("file-config-list", () => "config:\n  - a\n", /"config" must be a map of keys to values, not a list/),
    file("file-config-scalar", () => "config: 3\n", /"config" must be a map of keys to values, not a single value/),
    file("file-alias-bomb", (t) => t.replace("config:\n", `config:\n${BOMB}\n`), /line \d+, column \d+ \(alias \*a\): the YAML cannot be expanded/, true),
    file("file-many-aliases", (t) => t.replace("config:\n", `config:\n  x-a: &a {k: 1}\n  x-b: [${Array(200).fill("*a").join(",")}]\n`), /cannot be expanded/),
    file("file-not-yaml", (t) => t.replace("  backup-remotes:environment: staging", "  backup-remotes:environment: [staging"), /not valid YAML: line \d+/),
    file(
        "file-duplicate-key",
        (t) => t.replace("  backup-remotes:tier: test", "  backup-remotes:tier: test\n  backup-remotes:tier: production"),
        /not valid YAML: .*[Mm]ap keys must be unique/,
    ),
    file("file-deep-nesting", (t) => t.replace("config:\n", `config:\n  x-deep: ${"[".repeat(20000)}${"]".repeat(20000)}\n`), /not valid YAML/),

    // Namespaces that look like ours.
    bad(
        "ns-backup-remote-tier",
        "staging",
        "backup-remote:tier",
        (c) => {
            c["backup-remote:tier"] = "test";
        },
        /did you mean backup-remotes:tier\?/,
        true,
    ),
    bad(
        "ns-backup-remote-hostkeys",
        "staging",
        "backup-remote:hostKeys",
        (c, k) => {
            c["backup-remote:hostKeys"] = { db1: k.db1 };
        },
        /did you mean backup-remotes:hostKeys\?/,
    ),
    bad(
        "ns-suffix-x",
        "staging",
        "backup-remotes-x:tier",
        (c) => {
            c["backup-remotes-x:tier"] = "test";
        },
        /did you mean backup-remotes:tier\?/,
    ),
    bad(
        "ns-no-dash",
        "staging",
        "backupremotes:environment",
        (c) => {
            c["backupremotes:environment"] = "staging";
        },
        /did you mean backup-remotes:environment\?/,
    ),
    bad(
        "ns-case",
        "staging",
        "Backup-Remotes:protectBuckets",
        (c) => {
            c["Backup-Remotes:protectBuckets"] = false;
        },
        /did you mean backup-remotes:protectBuckets\?/,
    ),
    bad(
        "ns-underscore",
        "staging",
        "backup_remotes:keyRotation",
        (c) => {
            c["backup_remotes:keyRotation"] = { maxKeyAgeDays: 9 };
        },
        /did you mean/,
    ),
    bad(
        "ns-no-namespace",
        "staging",
        "tier",
        (c) => {
            c.tier = "test";
        },
        /has no namespace.*did you mean backup-remotes:tier\?/,
    ),
    bad(
        "ns-typo-and-unknown-key",
        "staging",
        "backup-remote:tiers",
        (c) => {
            c["backup-remote:tiers"] = "test";
        },
        /not a key of this program either/,
    ),
    bad(
        "ns-environment-moved",
        "staging",
        "backup-remote:environment",
        (c) => {
            c["backup-remote:environment"] = c[K("environment")];
            delete c[K("environment")];
        },
        /did you mean backup-remotes:environment\?/,
    ),
    bad(
        "ns-nothing-ours",
        "staging",
        NS,
        (c) => {
            for (const k of Object.keys(c)) if (k.startsWith(`${NS}:`)) delete c[k];
        },
        /has no backup-remotes:… keys/,
    ),
    bad("ns-unknown-key", "staging", NS, (c) => set(c, "teir", "test"), /unknown key "teir" \(valid keys: environment, tier/),
    ok("ns-other-programs", "staging", "keys of other namespaces (providers, other programs) are not ours to judge", (c) => {
        c["aws:profile"] = "backup";
        c["myapp:tier"] = "x";
    }),

    // The environment and tier.
    bad(
        "env-missing",
        "staging",
        K("environment"),
        (c) => {
            delete c[K("environment")];
        },
        /environment is required/,
    ),
    bad("env-other-stack", "staging", K("environment"), (c) => set(c, "environment", "prod"), /but the stack is "staging"/),
    bad("env-uppercase", "staging", K("environment"), (c) => set(c, "environment", "Staging"), /2-16 lowercase letters/),
    bad("env-number", "staging", K("environment"), (c) => set(c, "environment", 7)),
    bad("tier-unknown", "staging", K("tier"), (c) => set(c, "tier", "testing"), /"production" \(the default\) or "test"/),
    bad(
        "tier-test-in-prod",
        "prod",
        K("tier"),
        (c) => {
            set(c, "tier", "test");
        },
        /"test" is refused for environment "prod"/,
    ),
    bad("protect-false-in-prod", "prod", K("protectBuckets"), (c) => set(c, "protectBuckets", false), /must be true in a production environment/),
    bad("protect-not-boolean", "staging", K("protectBuckets"), (c) => set(c, "protectBuckets", "no"), /true or false/),
    bad("tier-typo-keeps-production", "staging", K("tier"), (c) => set(c, "tier", "Test")),
    bad(
        "remotes-missing",
        "staging",
        K("remotes"),
        (c) => {
            delete c[K("remotes")];
        },
        /remotes must map/,
    ),
    bad(
        "remotes-empty",
        "staging",
        K("remotes"),
        (c) => {
            set(c, "remotes", {});
            set(c, "credentials", {});
        },
        /at least one remote/,
    ),
    bad("remotes-list", "staging", K("remotes"), (c) => set(c, "remotes", ["aws-main"]), /remotes must map/),
    bad("credentials-list", "staging", K("credentials"), (c) => set(c, "credentials", ["db-archive"]), /credentials must map/),
    bad(
        "remote-name-uppercase",
        "staging",
        K("remotes.AWS"),
        (c) => {
            remotes(c).AWS = remote(c, "aws-main");
            delete remotes(c)["aws-main"];
        },
        /remote names must be/,
    ),
    bad(
        "credential-name-space",
        "staging",
        K("credentials.db archive"),
        (c) => {
            creds(c)["db archive"] = { ...cred(c, "db-archive"), prefix: "x/" };
        },
        /credential names must be/,
    ),
    bad(
        "credential-name-bidi",
        "staging",
        K("credentials.db\\u{202E}x"),
        (c) => {
            creds(c)["db\u202Ex"] = { ...cred(c, "db-archive"), prefix: "y/" };
        },
        /credential names must be/,
    ),

    // Any remote.
    bad(
        "remote-no-provider",
        "staging",
        K("remotes.aws-main.provider"),
        (c) => {
            delete remote(c, "aws-main").provider;
        },
        /provider must be one of "aws", "b2", "r2"/,
    ),
    bad("remote-provider-gcs", "staging", K("remotes.aws-main.provider"), (c) => {
        remote(c, "aws-main").provider = "gcs";
    }),
    bad(
        "remote-not-a-map",
        "staging",
        K("remotes.aws-main"),
        (c) => {
            (remotes(c) as Obj)["aws-main"] = "s3://bucket";
        },
        /must map setting names to values/,
    ),
    bad(
        "bucket-no-env-word",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "acme-backup-main";
        },
        /must contain the environment name "staging"/,
    ),
    bad(
        "bucket-other-env-word",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "acme-backup-staging-prod-main";
        },
        /also names the "prod" environment/,
    ),
    bad(
        "bucket-twice",
        "staging",
        K("remotes.aws-copy.bucket"),
        (c) => {
            remotes(c)["aws-copy"] = { ...remote(c, "aws-main") };
        },
        /already the bucket of remote "aws-main"/,
    ),
    bad(
        "remote-unknown-key",
        "staging",
        K("remotes.aws-main"),
        (c) => {
            remote(c, "aws-main").lifecyle = {};
        },
        /unknown key "lifecyle"/,
    ),

    // AWS.
    bad(
        "aws-bucket-uppercase",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "Acme-backup-staging";
        },
        /lowercase letters/,
    ),
    bad("aws-bucket-short", "staging", K("remotes.aws-main.bucket"), (c) => {
        remote(c, "aws-main").bucket = "st";
    }),
    bad("aws-bucket-dots", "staging", K("remotes.aws-main.bucket"), (c) => {
        remote(c, "aws-main").bucket = "acme.staging.main";
    }),
    bad(
        "aws-bucket-xn",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "xn--acme-staging";
        },
        /must not start with "xn--"/,
    ),
    bad(
        "aws-bucket-sthree",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "sthree-staging-main";
        },
        /must not start with "sthree-"/,
    ),
    bad(
        "aws-bucket-demo",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "amzn-s3-demo-staging";
        },
        /reserved by AWS/,
    ),
    bad(
        "aws-bucket-s3alias",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "acme-staging-s3alias";
        },
        /must not end with "-s3alias"/,
    ),
    bad(
        "aws-bucket-ol",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "acme-staging--ol-s3";
        },
        /must not end with "--ol-s3"/,
    ),
    bad(
        "aws-bucket-express",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "acme-staging--x-s3";
        },
        /must not end with "--x-s3"/,
    ),
    bad(
        "aws-bucket-table",
        "staging",
        K("remotes.aws-main.bucket"),
        (c) => {
            remote(c, "aws-main").bucket = "acme-staging--table-s3";
        },
        /--table-s3/,
    ),
    bad(
        "aws-region",
        "staging",
        K("remotes.aws-main.region"),
        (c) => {
            remote(c, "aws-main").region = "eu-west";
        },
        /AWS region/,
    ),
    bad("aws-no-region", "staging", K("remotes.aws-main.region"), (c) => {
        delete remote(c, "aws-main").region;
    }),
    bad(
        "aws-versioning-off-prod",
        "prod",
        K("remotes.aws-main.versioning"),
        (c) => {
            remote(c, "aws-main").versioning = false;
        },
        /must be true in a production environment/,
    ),
    bad(
        "aws-lock-no-versioning",
        "staging",
        K("remotes.aws-main.objectLock"),
        (c) => Object.assign(remote(c, "aws-main"), { versioning: false, objectLock: { mode: "GOVERNANCE", days: 7 } }),
        /needs versioning/,
    ),
    bad("aws-lock-mode", "prod", K("remotes.aws-archive.objectLock.mode"), (c) => {
        (remote(c, "aws-archive").objectLock as Obj).mode = "LEGAL";
    }),
    bad("aws-lock-days", "prod", K("remotes.aws-archive.objectLock.days"), (c) => {
        (remote(c, "aws-archive").objectLock as Obj).days = 0;
    }),
    bad(
        "aws-kms-no-arn",
        "staging",
        K("remotes.aws-main.encryption"),
        (c) => {
            remote(c, "aws-main").encryption = { algorithm: "aws:kms" };
        },
        /kmsKeyArn is required/,
    ),
    bad("aws-aes-with-arn", "staging", K("remotes.aws-main.encryption"), (c) => {
        remote(c, "aws-main").encryption = { algorithm: "AES256", kmsKeyArn: KMS("eu-west-1") };
    }),
    bad(
        "aws-kms-arn-bare",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = "arn:aws:kms:";
        },
        /not a KMS key ARN/,
    ),
    bad(
        "aws-kms-arn-garbage",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = "my-key";
        },
        /not a KMS key ARN/,
    ),
    bad(
        "aws-kms-other-region",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = KMS("us-east-1");
        },
        /is a key in us-east-1 .* but the bucket is in eu-central-1/,
        true,
    ),
    bad(
        "aws-kms-alias",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = "arn:aws:kms:eu-central-1:111122223333:alias/backup";
        },
        /is an alias ARN/,
        true,
    ),
    bad(
        "aws-kms-partition",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = KMS("eu-central-1").replace("arn:aws:", "arn:aws-cn:");
        },
        /\(aws-cn\) but the bucket is in eu-central-1/,
    ),
    bad(
        "aws-kms-account",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = KMS("eu-central-1").replace("111122223333", "1111");
        },
        /12 digits/,
    ),
    bad(
        "aws-kms-key-id",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = KMS("eu-central-1", "backup");
        },
        /UUID or a multi-region key/,
    ),
    bad("aws-kms-s3-arn", "prod", K("remotes.aws-archive.encryption.kmsKeyArn"), (c) => {
        (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = "arn:aws:s3:::acme-backup-prod-archive";
    }),
    bad(
        "aws-kms-no-region",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = KMS("eu-central-1").replace("eu-central-1", "");
        },
        /has no region/,
    ),
    bad(
        "aws-kms-partition-unknown",
        "prod",
        K("remotes.aws-archive.encryption.kmsKeyArn"),
        (c) => {
            (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = KMS("eu-central-1").replace("arn:aws:", "arn:azure:");
        },
        /partition/,
    ),
    ok("aws-kms-multi-region", "prod", "a multi-region key (mrk-…) ARN of the bucket's region is a key ARN", (c) => {
        (remote(c, "aws-archive").encryption as Obj).kmsKeyArn = KMS("eu-central-1", `mrk-${"a1".repeat(16)}`);
    }),
    bad("aws-noncurrent-zero", "staging", K("remotes.aws-main.lifecycle.noncurrentVersionExpirationDays"), (c) => {
        lifecycle(c, "aws-main").noncurrentVersionExpirationDays = 0;
    }),
    bad("aws-abort-fraction", "staging", K("remotes.aws-main.lifecycle.abortIncompleteMultipartUploadDays"), (c) => {
        lifecycle(c, "aws-main").abortIncompleteMultipartUploadDays = 1.5;
    }),
    bad("aws-expiration-negative", "staging", K("remotes.aws-main.lifecycle.expirationDays"), (c) => {
        lifecycle(c, "aws-main").expirationDays = -1;
    }),
    bad(
        "aws-ia-day-1",
        "prod",
        K("remotes.aws-main.lifecycle.transitions[0].days"),
        (c) => {
            lifecycle(c, "aws-main").transitions = [{ days: 1, storageClass: "STANDARD_IA" }];
        },
        /at least 30 days old/,
        true,
    ),
    bad(
        "aws-onezone-day-29",
        "prod",
        K("remotes.aws-main.lifecycle.transitions[0].days"),
        (c) => {
            lifecycle(c, "aws-main").transitions = [{ days: 29, storageClass: "ONEZONE_IA" }];
        },
        /ONEZONE_IA/,
    ),
    bad(
        "aws-transition-after-expiration",
        "prod",
        K("remotes.aws-main.lifecycle.transitions[0].days"),
        (c) => {
            lifecycle(c, "aws-main").expirationDays = 20;
            lifecycle(c, "aws-main").transitions = [{ days: 60, storageClass: "GLACIER" }];
        },
        /not before lifecycle.expirationDays \(20\)/,
    ),
    bad(
        "aws-transition-on-expiration",
        "prod",
        K("remotes.aws-main.lifecycle.transitions[0].days"),
        (c) => {
            lifecycle(c, "aws-main").expirationDays = 30;
        },
        /not before lifecycle.expirationDays \(30\)/,
    ),
    bad(
        "aws-transition-duplicate-class",
        "prod",
        K("remotes.aws-main.lifecycle.transitions[1].storageClass"),
        (c) => {
            lifecycle(c, "aws-main").transitions = [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 90, storageClass: "STANDARD_IA" },
            ];
        },
        /already the class of transitions\[0\]/,
    ),
    bad(
        "aws-transition-out-of-order",
        "prod",
        K("remotes.aws-main.lifecycle.transitions[1].days"),
        (c) => {
            lifecycle(c, "aws-main").transitions = [
                { days: 90, storageClass: "STANDARD_IA" },
                { days: 60, storageClass: "GLACIER" },
            ];
        },
        /not after transitions\[0\].days/,
    ),
    bad("aws-transition-same-day", "prod", K("remotes.aws-main.lifecycle.transitions[1].days"), (c) => {
        lifecycle(c, "aws-main").transitions = [
            { days: 30, storageClass: "STANDARD_IA" },
            { days: 30, storageClass: "GLACIER" },
        ];
    }),
    bad(
        "aws-transition-up-the-waterfall",
        "prod",
        K("remotes.aws-main.lifecycle.transitions[1].storageClass"),
        (c) => {
            lifecycle(c, "aws-main").transitions = [
                { days: 30, storageClass: "GLACIER" },
                { days: 90, storageClass: "STANDARD_IA" },
            ];
        },
        /only down STANDARD_IA/,
    ),
    bad(
        "aws-ia-to-glacier-too-soon",
        "prod",
        K("remotes.aws-main.lifecycle.transitions[1].days"),
        (c) => {
            lifecycle(c, "aws-main").transitions = [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 45, storageClass: "GLACIER" },
            ];
        },
        /stay 30 days in STANDARD_IA/,
    ),
    bad("aws-storage-class-unknown", "prod", K("remotes.aws-main.lifecycle.transitions[0].storageClass"), (c) => {
        lifecycle(c, "aws-main").transitions = [{ days: 30, storageClass: "COLD" }];
    }),
    bad("aws-transitions-not-list", "prod", K("remotes.aws-main.lifecycle.transitions"), (c) => {
        lifecycle(c, "aws-main").transitions = { days: 30, storageClass: "STANDARD_IA" };
    }),
    ok("aws-glacier-ir-day-1", "prod", "S3 takes GLACIER_IR from day 0; its 90-day minimum storage is charged, not refused", (c) => {
        lifecycle(c, "aws-archive").transitions = [{ days: 1, storageClass: "GLACIER_IR" }];
    }),
    ok("aws-ia-then-glacier", "prod", "down the waterfall, 30 days in STANDARD_IA before GLACIER, expiring after both", (c) => {
        Object.assign(lifecycle(c, "aws-main"), {
            transitions: [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 60, storageClass: "GLACIER" },
                { days: 240, storageClass: "DEEP_ARCHIVE" },
            ],
            expirationDays: 400,
        });
    }),

    // Backblaze B2.
    bad(
        "b2-bucket-short",
        "staging",
        K("remotes.b2-vault.bucket"),
        (c) => {
            remote(c, "b2-vault").bucket = "stag";
        },
        /6-63 characters/,
    ),
    bad(
        "b2-bucket-reserved",
        "staging",
        K("remotes.b2-vault.bucket"),
        (c) => {
            remote(c, "b2-vault").bucket = "b2-staging-vault";
        },
        /reserved by Backblaze/,
    ),
    bad("b2-bucket-underscore", "staging", K("remotes.b2-vault.bucket"), (c) => {
        remote(c, "b2-vault").bucket = "acme_staging_vault";
    }),
    bad("b2-region", "staging", K("remotes.b2-vault.region"), (c) => {
        remote(c, "b2-vault").region = "us-west-4";
    }),
    bad("b2-api", "staging", K("remotes.b2-vault.api"), (c) => {
        remote(c, "b2-vault").api = "swift";
    }),
    bad("b2-key-api", "staging", K("remotes.b2-vault.keyApi"), (c) => {
        remote(c, "b2-vault").keyApi = "v5";
    }),
    bad(
        "b2-lifetime-1000",
        "prod",
        K("remotes.b2-vault.keyLifetimeDays"),
        (c) => {
            remote(c, "b2-vault").keyLifetimeDays = 1000;
        },
        /at most 999/,
    ),
    bad("b2-lifetime-zero", "prod", K("remotes.b2-vault.keyLifetimeDays"), (c) => {
        remote(c, "b2-vault").keyLifetimeDays = 0;
    }),
    bad(
        "b2-transitions",
        "staging",
        K("remotes.b2-vault.lifecycle"),
        (c) => {
            lifecycle(c, "b2-vault").transitions = [];
        },
        /unknown key "transitions"/,
    ),
    bad("b2-lock-mode", "prod", K("remotes.b2-vault.objectLock.mode"), (c) => {
        (remote(c, "b2-vault").objectLock as Obj).mode = "governance";
    }),
    bad(
        "b2-lifetime-and-max-age",
        "prod",
        K("remotes.b2-vault.keyLifetimeDays"),
        (c) => {
            rotating(c, "2026-05-01");
            cred(c, "b2-db-archive").maxKeyAgeDays = 90;
        },
        /must be removed: maxKeyAgeDays/,
    ),
    bad(
        "b2-max-age-too-long",
        "staging",
        K("credentials.b2-db-archive.maxKeyAgeDays"),
        (c) => {
            rotating(c, "2026-05-01", 990);
        },
        /B2 allows at most 999/,
    ),
    bad(
        "b2-key-name-too-long",
        "staging",
        K("credentials.b2-restore-check-with-a-long-name.hosts"),
        (c) => {
            creds(c)["b2-restore-check-with-a-long-name"] = { role: "verify", remote: "b2-vault", prefix: "", hosts: [`m${"1".repeat(40)}.${"e".repeat(21)}`] };
        },
        /B2 key name .* longer than B2's 100/,
    ),

    // Cloudflare R2.
    bad("r2-account", "staging", K("remotes.r2-offsite.accountId"), (c) => {
        remote(c, "r2-offsite").accountId = "not-an-account";
    }),
    bad("r2-jurisdiction", "prod", K("remotes.r2-offsite.jurisdiction"), (c) => {
        remote(c, "r2-offsite").jurisdiction = "us";
    }),
    bad("r2-location-hint", "staging", K("remotes.r2-offsite.locationHint"), (c) => {
        remote(c, "r2-offsite").locationHint = "mars";
    }),
    bad(
        "r2-no-lock-in-prod",
        "prod",
        K("remotes.r2-offsite.lockDays"),
        (c) => {
            delete remote(c, "r2-offsite").lockDays;
        },
        /is required in a production environment/,
    ),
    bad(
        "r2-lock-zero",
        "prod",
        K("remotes.r2-offsite.lockDays"),
        (c) => {
            remote(c, "r2-offsite").lockDays = 0;
        },
        /at least 1 day/,
    ),
    bad(
        "r2-lock-past-expiry",
        "staging",
        K("remotes.r2-offsite.lockDays"),
        (c) => {
            remote(c, "r2-offsite").lockDays = 60;
        },
        /longer than lifecycle.expirationDays \(30\)/,
    ),
    bad(
        "r2-ia-after-expiry",
        "staging",
        K("remotes.r2-offsite.lifecycle"),
        (c) => {
            lifecycle(c, "r2-offsite").infrequentAccessAfterDays = 30;
        },
        /smaller than lifecycle.expirationDays/,
    ),
    bad(
        "r2-expires-on-past",
        "prod",
        K("remotes.r2-offsite.tokens.expiresOn"),
        (c) => {
            (remote(c, "r2-offsite").tokens as Obj).expiresOn = "2026-01-01T00:00:00Z";
        },
        /in the past \(2026-01-01T00:00:00Z; it is 2026-06-01T12:00:00Z now\)/,
    ),
    bad(
        "r2-expires-on-past-with-bad-ips",
        "prod",
        K("remotes.r2-offsite.tokens.expiresOn"),
        (c) => {
            remote(c, "r2-offsite").tokens = { allowedIps: ["10.0.0.1"], expiresOn: "2020-01-01T00:00:00Z" };
        },
        /in the past/,
    ),
    bad("r2-expires-on-format", "prod", K("remotes.r2-offsite.tokens.expiresOn"), (c) => {
        (remote(c, "r2-offsite").tokens as Obj).expiresOn = "2027-06-30";
    }),
    bad(
        "r2-expires-on-invalid-date",
        "prod",
        K("remotes.r2-offsite.tokens.expiresOn"),
        (c) => {
            (remote(c, "r2-offsite").tokens as Obj).expiresOn = "2027-02-30T00:00:00Z";
        },
        /not a valid date/,
    ),
    bad("r2-ip-bare", "prod", K("remotes.r2-offsite.tokens.allowedIps[0]"), (c) => {
        (remote(c, "r2-offsite").tokens as Obj).allowedIps = ["198.51.100.7"];
    }),
    bad("r2-ips-empty", "prod", K("remotes.r2-offsite.tokens.allowedIps"), (c) => {
        (remote(c, "r2-offsite").tokens as Obj).allowedIps = [];
    }),
    bad(
        "r2-versioning-key",
        "staging",
        K("remotes.r2-offsite"),
        (c) => {
            remote(c, "r2-offsite").versioning = true;
        },
        /unknown key "versioning"/,
    ),
    bad("r2-noncurrent-key", "staging", K("remotes.r2-offsite.lifecycle"), (c) => {
        lifecycle(c, "r2-offsite").noncurrentVersionExpirationDays = 3;
    }),
    bad(
        "r2-expires-on-with-max-age",
        "staging",
        K("remotes.r2-offsite.tokens.expiresOn"),
        (c) => {
            rotating(c, "2026-05-01");
            remote(c, "r2-offsite").tokens = { expiresOn: "2099-01-01T00:00:00Z" };
        },
        /must be removed: maxKeyAgeDays/,
    ),
    bad("r2-bucket-uppercase", "staging", K("remotes.r2-offsite.bucket"), (c) => {
        remote(c, "r2-offsite").bucket = "Acme-staging-offsite";
    }),
    ok("r2-expires-far", "prod", "a fixed expiry far ahead is the operator's choice (tokens stop then)", (c) => {
        (remote(c, "r2-offsite").tokens as Obj).expiresOn = "2099-01-01T00:00:00Z";
    }),

    // Credentials and prefixes.
    bad(
        "cred-role",
        "staging",
        K("credentials.db-archive.role"),
        (c) => {
            cred(c, "db-archive").role = "write";
        },
        /copy, sync, verify/,
    ),
    bad(
        "cred-remote-unknown",
        "staging",
        K("credentials.db-archive.remote"),
        (c) => {
            cred(c, "db-archive").remote = "aws";
        },
        /not a remote of this environment/,
    ),
    bad(
        "cred-unknown-key",
        "staging",
        K("credentials.db-archive"),
        (c) => {
            cred(c, "db-archive").bucket = "x";
        },
        /unknown key "bucket"/,
    ),
    bad(
        "prefix-star",
        "staging",
        K("credentials.db-archive.prefix"),
        (c) => {
            cred(c, "db-archive").prefix = "db/*";
        },
        /wildcards/,
    ),
    bad("prefix-question", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db?";
    }),
    bad("prefix-variable", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "${aws:username}/";
    }),
    bad(
        "prefix-dotdot",
        "staging",
        K("credentials.db-archive.prefix"),
        (c) => {
            cred(c, "db-archive").prefix = "db/../files";
        },
        /"\." or "\.\." segments/,
    ),
    bad("prefix-backslash", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\\x";
    }),
    bad(
        "prefix-bell",
        "staging",
        K("credentials.db-archive.prefix"),
        (c) => {
            cred(c, "db-archive").prefix = "db\u0007/";
        },
        /\\u\{0007\}/,
    ),
    bad("prefix-newline", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\n/";
    }),
    bad("prefix-del", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\u007f/";
    }),
    bad("prefix-c1", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\u0085/";
    }),
    bad(
        "prefix-rlo",
        "staging",
        K("credentials.db-archive.prefix"),
        (c) => {
            cred(c, "db-archive").prefix = "db/\u202Egpj";
        },
        /invisible bidirectional.*\\u\{202E\}/,
        true,
    ),
    bad("prefix-lre", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "\u202Adb/";
    }),
    bad("prefix-isolate", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\u2066/";
    }),
    bad("prefix-pdi", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\u2069/";
    }),
    bad("prefix-rlm", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\u200F/";
    }),
    bad("prefix-lrm", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\u200E/";
    }),
    bad("prefix-alm", "staging", K("credentials.db-archive.prefix"), (c) => {
        cred(c, "db-archive").prefix = "db\u061C/";
    }),
    bad(
        "prefix-b2-1024-bytes",
        "staging",
        K("credentials.b2-db-archive.prefix"),
        (c) => {
            cred(c, "b2-db-archive").prefix = "d".repeat(1023);
        },
        /1024 bytes of UTF-8.*Backblaze B2 object names are at most 1024 bytes/,
    ),
    bad(
        "prefix-r2-multibyte",
        "staging",
        K("credentials.r2-db-archive.prefix"),
        (c) => {
            cred(c, "r2-db-archive").prefix = "€".repeat(400);
        },
        /1201 bytes of UTF-8/,
    ),
    bad(
        "prefix-aws-policy-size",
        "staging",
        K("credentials.db-archive.prefix"),
        (c) => {
            cred(c, "db-archive").prefix = "d".repeat(1200);
        },
        /copy policy \d{4} characters .*IAM allows 2048/,
        true,
    ),
    bad(
        "prefix-aws-policy-size-sync",
        "staging",
        K("credentials.files-mirror.prefix"),
        (c) => {
            cred(c, "files-mirror").prefix = "f".repeat(600);
        },
        /IAM allows 2048/,
    ),
    bad(
        "aws-boundary-size",
        "staging",
        K("remotes"),
        (c) => {
            // Every AWS bucket is named in the users' permissions boundary, a managed policy of at most 6,144 characters.
            for (let i = 0; i < 25; i++)
                remotes(c)[`aws-${i}`] = { ...remote(c, "aws-main"), bucket: `acme-backup-staging-${String(i).padStart(2, "0")}-${"b".repeat(38)}` };
        },
        /permissions boundary \(backup-staging-boundary\) \d{4,} characters .*IAM allows 6144 for a managed policy/,
    ),
    bad(
        "prefix-aws-too-long-for-s3",
        "staging",
        K("credentials.restore-check.prefix"),
        (c) => {
            cred(c, "restore-check").prefix = "r".repeat(1100);
        },
        /object names are at most 1024 bytes/,
    ),
    ok("prefix-unicode-letters", "staging", "letters beyond ASCII are fine in object names (UTF-8), only controls and bidi marks are not", (c) => {
        cred(c, "db-archive").prefix = "données/été/";
    }),
    ok("prefix-aws-fits", "staging", "a 300-character prefix keeps the copy policy under IAM's 2,048", (c) => {
        cred(c, "db-archive").prefix = "d".repeat(300);
    }),
    bad(
        "hosts-empty",
        "staging",
        K("credentials.db-archive.hosts"),
        (c) => {
            cred(c, "db-archive").hosts = [];
        },
        /at least one host/,
    ),
    bad(
        "hosts-twice",
        "staging",
        K("credentials.db-archive.hosts"),
        (c) => {
            cred(c, "db-archive").hosts = ["db1", "db1"];
        },
        /twice/,
    ),
    bad("hosts-not-list", "staging", K("credentials.db-archive.hosts"), (c) => {
        cred(c, "db-archive").hosts = "db1";
    }),
    bad("host-uppercase", "staging", K("credentials.db-archive.hosts[0]"), (c) => {
        cred(c, "db-archive").hosts = ["DB1"];
    }),
    bad(
        "host-trailing-dot",
        "staging",
        K("credentials.db-archive.hosts[0]"),
        (c) => {
            cred(c, "db-archive").hosts = ["db1."];
        },
        /empty label/,
        true,
    ),
    bad(
        "host-double-dot",
        "staging",
        K("credentials.db-archive.hosts[0]"),
        (c) => {
            cred(c, "db-archive").hosts = ["db1..example"];
        },
        /empty label/,
    ),
    bad("host-leading-dot", "staging", K("credentials.db-archive.hosts[0]"), (c) => {
        cred(c, "db-archive").hosts = [".db1"];
    }),
    bad(
        "host-trailing-dash",
        "staging",
        K("credentials.db-archive.hosts[0]"),
        (c) => {
            cred(c, "db-archive").hosts = ["db1-"];
        },
        /starts or ends with '-'/,
    ),
    bad("host-leading-dash", "staging", K("credentials.db-archive.hosts[0]"), (c) => {
        cred(c, "db-archive").hosts = ["-db1"];
    }),
    bad(
        "host-label-dash",
        "staging",
        K("credentials.db-archive.hosts[0]"),
        (c) => {
            cred(c, "db-archive").hosts = ["db1.-x"];
        },
        /the label "-x"/,
    ),
    bad("host-64", "staging", K("credentials.db-archive.hosts[0]"), (c) => {
        cred(c, "db-archive").hosts = ["h".repeat(64)];
    }),
    bad("host-bidi", "staging", K("credentials.db-archive.hosts[0]"), (c) => {
        cred(c, "db-archive").hosts = ["db\u202E1"];
    }),
    bad("host-underscore", "staging", K("credentials.db-archive.hosts[0]"), (c) => {
        cred(c, "db-archive").hosts = ["db_1"];
    }),
    bad(
        "host-bad-keeps-sealing-rules",
        "staging",
        K("hostKeys.db1"),
        (c, k) => {
            cred(c, "db-archive").hosts = ["db1", "DB2"];
            set(c, "hostKeys", { files1: k.files1, monitor1: k.monitor1 });
        },
        /is missing: host "db1"/,
    ),
    ok("host-fqdn", "staging", "a DNS name with labels is a host name", (c) => {
        cred(c, "restore-check").hosts = ["monitor1.example.org"];
    }),
    bad(
        "overlap-sync-copy",
        "staging",
        K("credentials.files-mirror.prefix"),
        (c) => {
            cred(c, "files-mirror").prefix = "db/";
        },
        /would delete what "db-archive" archives/,
    ),
    bad(
        "overlap-sync-sync",
        "staging",
        K("credentials.files-mirror.prefix"),
        (c) => {
            creds(c)["files-deep"] = { role: "sync", remote: "aws-main", prefix: "files/a/", hosts: ["files2"] };
        },
        /overlaps the prefix "files\/a\/" of sync credential "files-deep"/,
    ),
    bad(
        "overlap-r2-lock",
        "prod",
        K("credentials.r2-files-mirror.prefix"),
        (c) => {
            cred(c, "r2-files-mirror").prefix = "db/daily/";
        },
        /90-day bucket lock on "db\/"/,
    ),
    bad("overlap-with-bad-role-elsewhere", "staging", K("credentials.files-mirror.prefix"), (c) => {
        cred(c, "files-mirror").prefix = "db/";
        cred(c, "restore-check").role = "read";
    }),
    bad("cred-max-age-zero", "staging", K("credentials.db-archive.maxKeyAgeDays"), (c) => {
        cred(c, "db-archive").maxKeyAgeDays = 0;
    }),
    bad(
        "cred-max-age-undated",
        "staging",
        K("keyGenerations.db-archive"),
        (c) => {
            cred(c, "db-archive").maxKeyAgeDays = 90;
        },
        /has no issue date/,
    ),
    bad(
        "iam-name-too-long",
        "staging",
        K("credentials.restore-check.hosts"),
        (c) => {
            cred(c, "restore-check").hosts = ["m".repeat(40)];
        },
        /IAM user name .* longer than IAM's 64/,
    ),

    // Key rotation and key dates.
    bad(
        "key-expired",
        "staging",
        K("keyGenerations.db-archive.db1[0].issued"),
        (c) => rotating(c, "2020-01-01", 30),
        /expired on 2020-02-14T00:00:00Z \(issued 2020-01-01 \+ maxKeyAgeDays 30 .* \+ graceDays 14\); it is 2026-06-01 now/,
    ),
    bad("key-expired-cli", "staging", K("keyGenerations.db-archive.db1[0].issued"), (c) => rotating(c, "2020-01-01", 30), /expired on 2020-02-14/, true),
    bad("key-expired-r2", "staging", K("keyGenerations.r2-db-archive.db1[0].issued"), (c) => rotating(c, "2026-03-01", 30), /the key in use on host "db1"/),
    bad("key-expired-b2", "staging", K("keyGenerations.b2-files-mirror.files1[0].issued"), (c) => rotating(c, "2026-03-01", 30)),
    bad(
        "key-future",
        "staging",
        K("keyGenerations.db-archive.db1[0].issued"),
        (c) => rotating(c, "2099-01-01"),
        /2099-01-01 is in the future \(today is 2026-06-01, UTC\)/,
        true,
    ),
    bad(
        "key-future-no-max-age",
        "staging",
        K("keyGenerations.db-archive.db1[1].issued"),
        (c) => {
            set(c, "keyGenerations", { "db-archive": { db1: [{ generation: 1 }, { generation: 2, issued: "2026-06-02" }] } });
        },
        /is in the future/,
    ),
    bad(
        "key-expired-own-max-age",
        "staging",
        K("keyGenerations.db-archive.db1[0].issued"),
        (c) => {
            set(c, "keyGenerations", { "db-archive": { db1: [{ generation: 2, issued: "2026-05-01" }] } });
            cred(c, "db-archive").maxKeyAgeDays = 10;
        },
        /from backup-remotes:credentials.db-archive.maxKeyAgeDays/,
    ),
    ok(
        "key-old-generation-expired",
        "staging",
        "the generation being replaced may have expired: the newer one is in use, and --retire removes the dead one",
        (c) => {
            set(c, "keyGenerations", {
                "db-archive": {
                    db1: [
                        { generation: 2, issued: "2026-01-01" },
                        { generation: 3, issued: "2026-05-30" },
                    ],
                },
            });
            cred(c, "db-archive").maxKeyAgeDays = 30;
        },
    ),
    ok("key-issued-today", "staging", "a key issued today (UTC) is in use from today", (c) => rotating(c, "2026-06-01")),
    bad(
        "gen-unknown-credential",
        "staging",
        K("keyGenerations.old-cred"),
        (c) => {
            set(c, "keyGenerations", { "old-cred": { db1: [{ generation: 1 }] } });
        },
        /is not a credential/,
    ),
    bad(
        "gen-unknown-credential-bad-list",
        "staging",
        K("keyGenerations.old-cred"),
        (c) => {
            set(c, "keyGenerations", { "old-cred": { db1: [] } });
        },
        /is not a credential/,
    ),
    bad(
        "gen-unknown-host",
        "staging",
        K("keyGenerations.db-archive.db9"),
        (c) => {
            set(c, "keyGenerations", { "db-archive": { db9: [{ generation: 1 }] } });
        },
        /is not a host of credential/,
    ),
    bad("gen-skip", "staging", K("keyGenerations.db-archive.db1[1].generation"), (c) => {
        set(c, "keyGenerations", { "db-archive": { db1: [{ generation: 1 }, { generation: 3, issued: "2026-05-01" }] } });
    }),
    bad(
        "gen-three",
        "staging",
        K("keyGenerations.db-archive.db1"),
        (c) => {
            set(c, "keyGenerations", {
                "db-archive": { db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }, { generation: 3, issued: "2026-05-02" }] },
            });
        },
        /more than 2 generations/,
    ),
    bad("gen-bad-date", "staging", K("keyGenerations.db-archive.db1[0].issued"), (c) => {
        set(c, "keyGenerations", { "db-archive": { db1: [{ generation: 1, issued: "2026-02-30" }] } });
    }),
    bad(
        "gen-date-order",
        "staging",
        K("keyGenerations.db-archive.db1[1].issued"),
        (c) => {
            set(c, "keyGenerations", {
                "db-archive": {
                    db1: [
                        { generation: 1, issued: "2026-05-01" },
                        { generation: 2, issued: "2026-01-01" },
                    ],
                },
            });
        },
        /before the issue date/,
    ),
    bad(
        "gen-undated",
        "staging",
        K("keyGenerations.db-archive.db1[0].issued"),
        (c) => {
            set(c, "keyGenerations", { "db-archive": { db1: [{ generation: 2 }] } });
        },
        /needs its issue date/,
    ),
    bad("gen-not-map", "staging", K("keyGenerations"), (c) => set(c, "keyGenerations", [1])),
    bad("gen-host-not-map", "staging", K("keyGenerations.db-archive"), (c) => set(c, "keyGenerations", { "db-archive": [1] })),
    bad("grace-negative", "staging", K("keyRotation.graceDays"), (c) => set(c, "keyRotation", { graceDays: -1 })),
    bad("grace-too-long", "staging", K("keyRotation.graceDays"), (c) => set(c, "keyRotation", { graceDays: 400 })),
    bad("rotation-unknown-key", "staging", K("keyRotation"), (c) => set(c, "keyRotation", { maxAgeDays: 90 }), /unknown key "maxAgeDays"/),
    bad("max-age-undated", "staging", K("keyGenerations.db-archive"), (c) => set(c, "keyRotation", { maxKeyAgeDays: 90 }), /has no issue date/),
    bad(
        "quota-unknown-provider",
        "staging",
        K("identityQuotas.gcs"),
        (c) => set(c, "identityQuotas", { gcs: 10 }),
        /not a provider whose identities are counted/,
    ),
    bad("quota-zero", "staging", K("identityQuotas.r2"), (c) => set(c, "identityQuotas", { r2: 0 })),
    bad("quota-exceeded", "staging", K("identityQuotas.r2"), (c) => set(c, "identityQuotas", { r2: 2 }), /the stack would hold/),

    // Sealed delivery.
    bad("seal-missing-host", "staging", K("hostKeys.monitor1"), (c, k) => set(c, "hostKeys", { db1: k.db1, files1: k.files1 }), /is missing/),
    bad(
        "seal-unknown-host",
        "staging",
        K("hostKeys.web9"),
        (c, k) => {
            allHostKeys(c, k);
            (c[K("hostKeys")] as Obj).web9 = k.db2;
        },
        /names no host/,
    ),
    bad(
        "seal-shared-key",
        "staging",
        K("hostKeys.files1"),
        (c, k) => set(c, "hostKeys", { db1: k.db1, files1: k.db1, monitor1: k.monitor1 }),
        /same key as host "db1"/,
    ),
    bad(
        "seal-ssh-key",
        "staging",
        K("hostKeys.db1"),
        (c, k) => {
            allHostKeys(c, k);
            (c[K("hostKeys")] as Obj).db1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG";
        },
        /SSH public key/,
    ),
    bad(
        "seal-private-key",
        "staging",
        K("hostKeys.db1"),
        (c, k) => {
            allHostKeys(c, k);
            (c[K("hostKeys")] as Obj).db1 = "AGE-SECRET-KEY-1QQQQ";
        },
        /PRIVATE key/,
    ),
    bad("seal-not-map", "staging", K("hostKeys"), (c) => set(c, "hostKeys", ["age1x"]), /hostKeys must map/),
    bad(
        "seal-host-name",
        "staging",
        K("hostKeys.db1."),
        (c, k) => {
            allHostKeys(c, k);
            (c[K("hostKeys")] as Obj)["db1."] = k.db2;
        },
        /empty label/,
    ),
    bad("seal-break-glass-alone", "staging", K("breakGlassKeys"), (c, k) => set(c, "breakGlassKeys", [k.operator]), /no effect without hostKeys/),
    bad(
        "seal-break-glass-host-key",
        "staging",
        K("breakGlassKeys[0]"),
        (c, k) => {
            allHostKeys(c, k);
            set(c, "breakGlassKeys", [k.db1]);
        },
        /is host "db1"'s key/,
    ),
    bad("seal-break-glass-not-list", "staging", K("breakGlassKeys"), (c, k) => {
        allHostKeys(c, k);
        set(c, "breakGlassKeys", k.operator);
    }),

    // Host addresses.
    bad("addr-bare-address", "staging", K("hostAddresses.db1[0]"), (c) => set(c, "hostAddresses", { db1: ["192.0.2.7"] }), /written \/32 or \/128/, true),
    bad(
        "addr-host-bits",
        "staging",
        K("hostAddresses.db1[0]"),
        (c) => set(c, "hostAddresses", { db1: ["192.0.2.7/24"] }),
        /write the network, "192\.0\.2\.0\/24"/,
    ),
    bad(
        "addr-v6-too-long",
        "staging",
        K("hostAddresses.db1[1]"),
        (c) => set(c, "hostAddresses", { db1: ["192.0.2.0/24", "2001:db8::/129"] }),
        /is not an IPv4 or IPv6 CIDR/,
    ),
    bad("addr-v6-host-bits", "staging", K("hostAddresses.db1[0]"), (c) => set(c, "hostAddresses", { db1: ["2001:db8::1/32"] }), /"2001:db8::\/32"/),
    bad("addr-hostname", "staging", K("hostAddresses.db1[0]"), (c) => set(c, "hostAddresses", { db1: ["db1.example.org/32"] }), /is not an IPv4 or IPv6 CIDR/),
    bad("addr-not-string", "staging", K("hostAddresses.db1[0]"), (c) => set(c, "hostAddresses", { db1: [24] }), /must be an IPv4 or IPv6 CIDR/),
    bad("addr-empty-list", "staging", K("hostAddresses.db1"), (c) => set(c, "hostAddresses", { db1: [] }), /at least one address range/),
    bad("addr-twice", "staging", K("hostAddresses.db1"), (c) => set(c, "hostAddresses", { db1: ["192.0.2.0/24", "192.0.2.0/24"] }), /twice/),
    bad("addr-not-list", "staging", K("hostAddresses.db1"), (c) => set(c, "hostAddresses", { db1: "192.0.2.0/24" }), /must be a list of address ranges/),
    bad("addr-not-map", "staging", K("hostAddresses"), (c) => set(c, "hostAddresses", ["192.0.2.0/24"]), /hostAddresses must map host names/),
    bad("addr-unknown-host", "staging", K("hostAddresses.web9"), (c) => set(c, "hostAddresses", { web9: ["192.0.2.0/24"] }), /names no host of any credential/),
    bad("addr-host-name", "staging", K("hostAddresses.DB1"), (c) => set(c, "hostAddresses", { DB1: ["192.0.2.0/24"] })),
    bad("addr-any-v4-prod", "prod", K("hostAddresses.db1[0]"), (c) => set(c, "hostAddresses", { db1: ["0.0.0.0/0"] }), /is every address/, true),
    bad("addr-any-v6-prod", "prod", K("hostAddresses.files1[1]"), (c) => set(c, "hostAddresses", { files1: ["198.51.100.0/24", "::/0"] }), /is every address/),
    bad(
        "addr-any-other-zero-prod",
        "prod",
        K("hostAddresses.db1[0]"),
        (c) => set(c, "hostAddresses", { db1: ["10.0.0.0/0"] }),
        /write the network|is every address/,
    ),
    bad(
        "addr-outside-r2-allowed",
        "prod",
        K("hostAddresses.db1[0]"),
        (c) => set(c, "hostAddresses", { db1: ["203.0.113.0/24"] }),
        /outside remote "r2-offsite"'s tokens\.allowedIps/,
    ),
    bad(
        "addr-wider-than-r2-allowed",
        "prod",
        K("hostAddresses.monitor1[0]"),
        (c) => set(c, "hostAddresses", { monitor1: ["198.51.0.0/16"] }),
        /outside remote "r2-offsite"/,
    ),
    bad(
        "addr-aws-policy-too-big",
        "prod",
        K("credentials.db-archive.prefix"),
        (c) => {
            set(c, "hostAddresses", { db2: Array.from({ length: 48 }, (_, i) => `198.51.100.${i}/32`) });
        },
        /list fewer address ranges for host "db2"/,
    ),
    ok("addr-any-in-test-tier", "staging", "the test tier may say every address (the pack's configurable rule flags it)", (c) =>
        set(c, "hostAddresses", { db1: ["0.0.0.0/0"] }),
    ),
    ok("addr-some-hosts", "prod", "hosts are optional: one host with IPv4 and IPv6 ranges inside the R2 remote's allowedIps", (c) =>
        set(c, "hostAddresses", { db1: ["198.51.100.10/32", "2001:db8:100:1::/64"] }),
    ),
    ok("seal-all-hosts", "staging", "every host with its own key, an operator's break-glass key", (c, k) => {
        allHostKeys(c, k);
        set(c, "breakGlassKeys", [k.operator]);
    }),
];
