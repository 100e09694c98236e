import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { awsPolicyDocument, bucketArn } from "../../components/providers/aws/access";
import { ROLES } from "../../components/permissions/roles";
import { checkPolicy } from "../../policies/iam/check";
import { isAllowed, parsePolicy } from "../../policies/iam/evaluate";

const bucket = "acme-backup-prod-db";

describe("pbac evaluation, normalised to AWS semantics", () => {
    it("reads single strings where pbac's schema wants arrays", () => {
        const p = parsePolicy({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn(bucket)}/*` } });
        assert.equal(isAllowed(p, { action: "s3:GetObject", resource: `${bucketArn(bucket)}/x` }), true);
        assert.equal(isAllowed(p, { action: "s3:PutObject", resource: `${bucketArn(bucket)}/x` }), false);
    });

    it("matches actions case-insensitively, as AWS does", () => {
        const p = parsePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["S3:deleteobject"], Resource: ["*"] }] });
        assert.equal(isAllowed(p, { action: "s3:DeleteObject", resource: `${bucketArn(bucket)}/x` }), true);
    });

    it("evaluates StringLike on s3:prefix, with a missing key not matching", () => {
        const p = parsePolicy(JSON.stringify(awsPolicyDocument("verify", bucket, "db/")));
        const list = (prefix?: string) => isAllowed(p, { action: "s3:ListBucket", resource: bucketArn(bucket), ...(prefix !== undefined ? { prefix } : {}) });
        assert.equal(list("db/"), true);
        assert.equal(list("db/2024/"), true);
        assert.equal(list("dbx/"), false);
        assert.equal(list(""), false);
        assert.equal(list(undefined), false);
    });

    it('a StringLike "*" condition does not match a request without the key', () => {
        const p = parsePolicy({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["*"], Condition: { StringLike: { "s3:prefix": "*" } } }],
        });
        assert.equal(isAllowed(p, { action: "s3:ListBucket", resource: bucketArn(bucket) }), false);
        assert.equal(isAllowed(p, { action: "s3:ListBucket", resource: bucketArn(bucket), prefix: "anything/" }), true);
    });

    it("IfExists conditions hold when the key is missing", () => {
        const p = parsePolicy({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["*"], Condition: { StringLikeIfExists: { "s3:prefix": ["db/*"] } } }],
        });
        assert.equal(isAllowed(p, { action: "s3:ListBucket", resource: bucketArn(bucket) }), true);
        assert.equal(isAllowed(p, { action: "s3:ListBucket", resource: bucketArn(bucket), prefix: "other/" }), false);
    });

    it("StringNotLike with several values means none of them", () => {
        const p = parsePolicy({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["*"], Condition: { StringNotLike: { "s3:prefix": ["a/*", "b/*"] } } }],
        });
        assert.equal(isAllowed(p, { action: "s3:ListBucket", resource: bucketArn(bucket), prefix: "a/x" }), false);
        assert.equal(isAllowed(p, { action: "s3:ListBucket", resource: bucketArn(bucket), prefix: "c/x" }), true);
    });

    it("an explicit Deny wins over an Allow", () => {
        const p = parsePolicy({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["s3:*"], Resource: ["*"] },
                { Effect: "Deny", Action: ["s3:DeleteObject"], Resource: ["*"] },
            ],
        });
        assert.equal(isAllowed(p, { action: "s3:DeleteObject", resource: `${bucketArn(bucket)}/x` }), false);
        assert.equal(isAllowed(p, { action: "s3:GetObject", resource: `${bucketArn(bucket)}/x` }), true);
    });

    it("reads an unmodelled condition permissively: Allow as unconditional, Deny as absent", () => {
        const allow = parsePolicy({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:DeleteObject"], Resource: ["*"], Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }],
        });
        assert.equal(isAllowed(allow, { action: "s3:DeleteObject", resource: `${bucketArn(bucket)}/x` }), true);
        assert.equal(allow.widened.length, 1);
        const deny = parsePolicy({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["s3:DeleteObject"], Resource: ["*"] },
                { Effect: "Deny", Action: ["s3:DeleteObject"], Resource: ["*"], Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } },
            ],
        });
        assert.equal(isAllowed(deny, { action: "s3:DeleteObject", resource: `${bucketArn(bucket)}/x` }), true);
    });

    it("refuses policy variables in resources instead of guessing", () => {
        const p = parsePolicy({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::${aws:username}/*"] }],
        });
        assert.equal(p.unsupported.length, 1);
    });
});

describe("checkPolicy against the permission model", () => {
    for (const role of ROLES) {
        for (const prefix of ["", "hosts/web-1/"]) {
            it(`the model's own ${role} policy (prefix "${prefix}") has no finding`, () => {
                assert.deepEqual(checkPolicy(JSON.stringify(awsPolicyDocument(role, bucket, prefix)), { role, bucket, prefix }), []);
            });
        }
    }

    const withExtra = (role: "copy" | "verify" | "sync", prefix: string, extra: object) => {
        const doc = awsPolicyDocument(role, bucket, prefix);
        return JSON.stringify({ ...doc, Statement: [...doc.Statement, extra] });
    };

    it("catches a copy key widened with s3:DeleteObject", () => {
        const doc = awsPolicyDocument("copy", bucket, "db/");
        const widened = {
            ...doc,
            Statement: doc.Statement.map((s) => (s.Sid === "ObjectsWithinPrefix" ? { ...s, Action: [...s.Action, "s3:DeleteObject"] } : s)),
        };
        const findings = checkPolicy(widened, { role: "copy", bucket, prefix: "db/" });
        assert.equal(findings.length, 1);
        assert.equal(findings[0]!.kind, "excess");
        assert.match(findings[0]!.message, /s3:DeleteObject inside acme-backup-prod-db\/db\//);
    });

    it("catches a copy key that can read", () => {
        const f = checkPolicy(withExtra("copy", "db/", { Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn(bucket)}/db/*` }), {
            role: "copy",
            bucket,
            prefix: "db/",
        });
        assert.match(f.map((x) => x.message).join("\n"), /s3:GetObject inside/);
    });

    it("catches a verify key that can write or delete", () => {
        const f = checkPolicy(withExtra("verify", "", { Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn(bucket)}/*` }), {
            role: "verify",
            bucket,
            prefix: "",
        });
        const text = f.map((x) => x.message).join("\n");
        assert.match(text, /s3:PutObject inside/);
        assert.match(text, /s3:DeleteObject inside/);
    });

    it("catches a key reaching outside its prefix and bucket", () => {
        const doc = awsPolicyDocument("sync", bucket, "db/");
        const widened = {
            ...doc,
            Statement: doc.Statement.map((s) => (s.Sid === "ObjectsWithinPrefix" ? { ...s, Resource: ["arn:aws:s3:::acme-backup-prod-db*"] } : s)),
        };
        const text = checkPolicy(widened, { role: "sync", bucket, prefix: "db/" })
            .map((x) => x.message)
            .join("\n");
        assert.match(text, /at the root of acme-backup-prod-db/);
        assert.match(text, /in another bucket \(acme-backup-prod-db-elsewhere\)/);
    });

    it("catches a prefix without its trailing slash (db* reaches db-sibling/)", () => {
        const doc = awsPolicyDocument("sync", bucket, "db/");
        const widened = {
            ...doc,
            Statement: doc.Statement.map((s) => (s.Sid === "ObjectsWithinPrefix" ? { ...s, Resource: [`${bucketArn(bucket)}/db*`] } : s)),
        };
        assert.match(
            checkPolicy(widened, { role: "sync", bucket, prefix: "db/" })
                .map((x) => x.message)
                .join("\n"),
            /db-sibling/,
        );
    });

    it("catches listing outside the prefix", () => {
        const doc = awsPolicyDocument("verify", bucket, "db/");
        const widened = {
            ...doc,
            Statement: doc.Statement.map((s) => (s.Sid === "ListWithinPrefix" ? { Sid: s.Sid, Effect: s.Effect, Action: s.Action, Resource: s.Resource } : s)),
        };
        const text = checkPolicy(widened, { role: "verify", bucket, prefix: "db/" })
            .map((x) => x.message)
            .join("\n");
        assert.match(text, /listing all of acme-backup-prod-db/);
    });

    for (const [what, action] of [
        ["*", "*"],
        ["s3:*", "s3:*"],
        ["iam:*", "iam:*"],
        ["s3:ListAllMyBuckets", "s3:ListAllMyBuckets"],
        ["bucket administration", "s3:PutBucketPolicy"],
        ["version-level deletes", "s3:DeleteObjectVersion"],
        ["a wildcard that covers version deletes", "s3:Delete*"],
    ] as const) {
        it(`names a statement that grants ${what}`, () => {
            const f = checkPolicy(withExtra("sync", "", { Sid: "Extra", Effect: "Allow", Action: action, Resource: "*" }), {
                role: "sync",
                bucket,
                prefix: "",
            });
            assert.ok(
                f.some((x) => x.kind === "statement" && x.message.startsWith("statement Extra grants")),
                JSON.stringify(f),
            );
            assert.ok(f.some((x) => x.kind === "excess"));
        });
    }

    it("catches NotAction in an Allow statement", () => {
        const f = checkPolicy(withExtra("verify", "", { Sid: "Everything", Effect: "Allow", NotAction: "s3:DeleteObject", Resource: "*" }), {
            role: "verify",
            bucket,
            prefix: "",
        });
        assert.ok(f.some((x) => x.message.includes("NotAction")));
        assert.ok(f.some((x) => x.kind === "excess" && x.message.includes("iam:CreateAccessKey")));
    });

    it("reports a role that lost what it needs", () => {
        const doc = awsPolicyDocument("copy", bucket, "db/");
        const narrowed = { ...doc, Statement: doc.Statement.filter((s) => s.Sid !== "ListWithinPrefix") };
        const f = checkPolicy(narrowed, { role: "copy", bucket, prefix: "db/" });
        assert.deepEqual(
            f.map((x) => x.kind),
            ["missing"],
        );
    });

    it("the ACL a write key may send is bucket-owner-full-control alone: a public, private or absent ACL is denied, and so is any ACL outside the prefix", () => {
        for (const role of ["copy", "sync"] as const) {
            const p = parsePolicy(JSON.stringify(awsPolicyDocument(role, bucket, "db/")));
            const acl = (value: string | undefined, key = "db/night/x") =>
                isAllowed(p, {
                    action: "s3:PutObjectAcl",
                    resource: `${bucketArn(bucket)}/${key}`,
                    ...(value !== undefined ? { context: { "s3:x-amz-acl": value } } : {}),
                });
            assert.equal(acl("bucket-owner-full-control"), true, role);
            for (const refused of ["public-read", "public-read-write", "authenticated-read", "private", "bucket-owner-read", undefined]) {
                assert.equal(acl(refused), false, `${role}: s3:x-amz-acl ${refused}`);
            }
            assert.equal(acl("bucket-owner-full-control", "elsewhere/x"), false, `${role} outside db/`);
        }
        const verify = parsePolicy(JSON.stringify(awsPolicyDocument("verify", bucket, "")));
        assert.equal(
            isAllowed(verify, { action: "s3:PutObjectAcl", resource: `${bucketArn(bucket)}/x`, context: { "s3:x-amz-acl": "bucket-owner-full-control" } }),
            false,
        );
    });

    it("catches s3:PutObjectAcl without its condition: excess (a public ACL) and a statement that does not limit s3:x-amz-acl", () => {
        const f = checkPolicy(withExtra("copy", "db/", { Sid: "AnyAcl", Effect: "Allow", Action: "s3:PutObjectAcl", Resource: `${bucketArn(bucket)}/db/*` }), {
            role: "copy",
            bucket,
            prefix: "db/",
        });
        const text = f.map((x) => x.message).join("\n");
        assert.match(text, /statement AnyAcl grants s3:PutObjectAcl without limiting s3:x-amz-acl to bucket-owner-full-control/);
        assert.match(text, /allows what a copy credential must not do: .*s3:PutObjectAcl inside acme-backup-prod-db\/db\/ with s3:x-amz-acl "public-read"/);
    });

    it("catches s3:PutObjectAcl conditioned on a public ACL, and a wildcard that covers it", () => {
        const publicAcl = checkPolicy(
            withExtra("copy", "db/", {
                Sid: "PublicAcl",
                Effect: "Allow",
                Action: "s3:PutObjectAcl",
                Resource: `${bucketArn(bucket)}/db/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "public-read" } },
            }),
            { role: "copy", bucket, prefix: "db/" },
        );
        assert.ok(
            publicAcl.some((x) => x.kind === "statement" && x.message.startsWith("statement PublicAcl grants s3:PutObjectAcl without limiting")),
            JSON.stringify(publicAcl),
        );
        assert.ok(publicAcl.some((x) => x.kind === "excess" && /with s3:x-amz-acl "public-read"/.test(x.message)));
        const wildcard = checkPolicy(
            withExtra("copy", "db/", { Sid: "Puts", Effect: "Allow", Action: "s3:PutObject*", Resource: `${bucketArn(bucket)}/db/*` }),
            { role: "copy", bucket, prefix: "db/" },
        );
        assert.ok(
            wildcard.some((x) => x.message.includes('statement Puts grants s3:PutObjectAcl (through "s3:putobject*")')),
            JSON.stringify(wildcard),
        );
        assert.ok(wildcard.some((x) => x.message.includes('statement Puts grants s3:PutObjectVersionAcl (through "s3:putobject*")')));
    });

    it("reports an unreadable policy instead of passing it", () => {
        assert.deepEqual(
            checkPolicy("{not json", { role: "copy", bucket, prefix: "" }).map((x) => x.kind),
            ["unreadable"],
        );
    });
});
