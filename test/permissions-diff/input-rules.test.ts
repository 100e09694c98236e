/**
 * The classification rules of credential inputs, one behaviour at a time:
 * which way each kind of change goes (what a reviewer is told is an
 * escalation), what an absent value means, which changes replace a live key,
 * and the inputs the program keeps on rotation-managed keys.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { compareCredentialInputs, type CompareContext, type CredentialResourceRules } from "../../components/providers/credential-inputs";
import { AWS_CREDENTIAL_INPUTS } from "../../components/providers/aws/credential-inputs";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { B2_CREDENTIAL_INPUTS } from "../../components/providers/b2/credential-inputs";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { cidrCovered, patternCovered } from "../../components/providers/input-coverage";
import { KNOWN_R2_GROUP_IDS, R2_ITEM_READ, R2_ITEM_WRITE } from "../../components/providers/r2/access";
import { R2_CREDENTIAL_INPUTS } from "../../components/providers/r2/credential-inputs";
import { R2_TYPES } from "../../components/providers/r2/resources";

const NOT_EXPIRING: CompareContext = { expiring: false };

/** The classes of the changes between two inputs, "!" for a replacement, "?" for unclassified. */
function classes(rules: CredentialResourceRules, before: object, after: object, ctx: CompareContext = NOT_EXPIRING): string[] {
    const r = compareCredentialInputs(rules, before, after, ctx);
    return [...r.changes.map((c) => `${c.unclassified ? "?" : ""}${c.aspect}:${c.class}`), ...r.replacedBy.map((i) => `!${i}`)];
}

const policy = (...statements: object[]) => ({ name: "backup-copy", user: "u", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
const LIST = {
    Sid: "List",
    Effect: "Allow",
    Action: ["s3:ListBucket"],
    Resource: ["arn:aws:s3:::b"],
    Condition: { StringLike: { "s3:prefix": ["db/", "db/*"] } },
};
const OBJECTS = { Sid: "Objects", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::b/db/*"] };
const aws = (before: object, after: object) => classes(AWS_CREDENTIAL_INPUTS[AWS_TYPES.userPolicy]!, before, after);

describe("coverage: a new entry inside an old one widens nothing", () => {
    it("IAM-style patterns", () => {
        assert.ok(patternCovered("arn:aws:s3:::b/db/pg/*", ["arn:aws:s3:::b/db/*"]));
        assert.ok(patternCovered("s3:GetObject", ["s3:Get*"]));
        assert.ok(!patternCovered("arn:aws:s3:::b/*", ["arn:aws:s3:::b/db/*"]));
        assert.ok(!patternCovered("a*c", ["a?c"]), "a wider pattern is not covered by a narrower one that happens to match it literally");
    });
    it("address ranges", () => {
        assert.ok(cidrCovered("198.51.100.0/28", "198.51.100.0/24"));
        assert.ok(cidrCovered("2001:db8:100:1::/64", "2001:db8:100::/48"));
        assert.ok(!cidrCovered("198.51.0.0/16", "198.51.100.0/24"));
        assert.ok(!cidrCovered("2001:db8::/32", "198.51.100.0/24"), "another family");
        assert.ok(!cidrCovered("not-a-range", "198.51.100.0/24"));
    });
});

describe("AWS inline policy, statement by statement", () => {
    it("an action added escalates; removed reduces; a statement added escalates, removed reduces", () => {
        assert.deepEqual(aws(policy(OBJECTS), policy({ ...OBJECTS, Action: ["s3:PutObject", "s3:PutObjectAcl"] })), ["actions:escalation"]);
        assert.deepEqual(aws(policy(OBJECTS), policy({ ...OBJECTS, Action: [] })), ["actions:reduction"]);
        assert.deepEqual(aws(policy(OBJECTS), policy(OBJECTS, LIST)), ["actions:escalation"]);
        assert.deepEqual(aws(policy(OBJECTS, LIST), policy(OBJECTS)), ["actions:reduction"]);
    });
    it("a resource inside the old one narrows; a wider one escalates", () => {
        assert.deepEqual(aws(policy(OBJECTS), policy({ ...OBJECTS, Resource: ["arn:aws:s3:::b/db/pg/*"] })), ["resources:reduction"]);
        assert.deepEqual(aws(policy(OBJECTS), policy({ ...OBJECTS, Resource: ["arn:aws:s3:::b/*"] })), ["resources:escalation"]);
    });
    it("a condition removed escalates, added narrows; a new alternative escalates", () => {
        const { Condition: _c, ...unconditioned } = LIST;
        assert.deepEqual(aws(policy(LIST), policy(unconditioned)), ["resources:escalation"]);
        assert.deepEqual(aws(policy(unconditioned), policy(LIST)), ["resources:reduction"]);
        assert.deepEqual(aws(policy(LIST), policy({ ...LIST, Condition: { StringLike: { "s3:prefix": ["db/", "db/*", "files/*"] } } })), [
            "resources:escalation",
        ]);
    });
    it("the expiry condition: later or removed escalates, sooner reduces, on every statement said once", () => {
        const at = (s: object, t: string) => ({ ...s, Condition: { ...(s as { Condition?: object }).Condition, DateLessThan: { "aws:CurrentTime": [t] } } });
        const b = policy(at(LIST, "2026-08-13T00:00:00Z"), at(OBJECTS, "2026-08-13T00:00:00Z"));
        const later = compareCredentialInputs(
            AWS_CREDENTIAL_INPUTS[AWS_TYPES.userPolicy]!,
            b,
            policy(at(LIST, "2027-01-01T00:00:00Z"), at(OBJECTS, "2027-01-01T00:00:00Z")),
            NOT_EXPIRING,
        );
        assert.deepEqual(
            later.changes.map((c) => [c.aspect, c.class, c.text]),
            [
                [
                    "expiry",
                    "escalation",
                    "statements `List`, `Objects`: `Condition DateLessThan aws:CurrentTime` `2026-08-13T00:00:00Z` → `2027-01-01T00:00:00Z`: expires later",
                ],
            ],
        );
        assert.deepEqual(aws(b, policy(at(LIST, "2026-06-01T00:00:00Z"), at(OBJECTS, "2026-06-01T00:00:00Z"))), ["expiry:reduction"]);
        assert.deepEqual(aws(b, policy(LIST, OBJECTS)), ["expiry:escalation"]);
    });
    it("source addresses: a narrower range narrows, a negated operator reads backwards", () => {
        const ip = (op: string, ranges: string[]) => ({ ...OBJECTS, Condition: { [op]: { "aws:SourceIp": ranges } } });
        assert.deepEqual(aws(policy(ip("IpAddress", ["198.51.100.0/24"])), policy(ip("IpAddress", ["198.51.100.0/28"]))), ["network:reduction"]);
        assert.deepEqual(aws(policy(ip("IpAddress", ["198.51.100.0/24"])), policy(ip("IpAddress", ["198.51.0.0/16"]))), ["network:escalation"]);
        assert.deepEqual(aws(policy(ip("NotIpAddress", ["198.51.100.0/24"])), policy(ip("NotIpAddress", []))), ["network:escalation"]);
        assert.deepEqual(aws(policy(ip("NotIpAddress", [])), policy(ip("NotIpAddress", ["198.51.100.0/24"]))), ["network:reduction"]);
    });
    it("a Deny statement reads backwards; Allow → Deny reduces, Deny → Allow escalates; a renamed statement is neutral", () => {
        const deny = { ...OBJECTS, Sid: "Deny", Effect: "Deny", Action: ["s3:DeleteObject"] };
        assert.deepEqual(aws(policy(OBJECTS, deny), policy(OBJECTS, { ...deny, Action: [] })), ["actions:escalation"]);
        assert.deepEqual(aws(policy(OBJECTS), policy(OBJECTS, deny)), ["actions:reduction"]);
        assert.deepEqual(aws(policy(OBJECTS), policy({ ...OBJECTS, Effect: "Deny" })), ["actions:reduction"]);
        assert.deepEqual(aws(policy({ ...OBJECTS, Effect: "Deny" }), policy(OBJECTS)), ["actions:escalation"]);
        assert.deepEqual(aws(policy(OBJECTS), policy({ ...OBJECTS, Sid: "Renamed" })), ["identity:neutral"]);
    });
    it("NotAction, a Bool condition and an unknown operator are for a person: escalations, the unknown one unclassified", () => {
        const { Action: _a, ...bare } = OBJECTS;
        assert.deepEqual(aws(policy(OBJECTS), policy({ ...bare, NotAction: ["iam:*"] })), ["actions:reduction", "actions:escalation"]);
        const secure = (v: string) => ({ ...OBJECTS, Condition: { Bool: { "aws:SecureTransport": [v] } } });
        assert.deepEqual(aws(policy(secure("true")), policy(secure("false"))), ["resources:escalation"]);
        const odd = (v: string) => ({ ...OBJECTS, Condition: { StringMatchesRegex: { "s3:prefix": [v] } } });
        assert.deepEqual(aws(policy(odd("a")), policy(odd("b"))), ["?actions:escalation"]);
    });
    it("the policy's name replaces the policy but not a key; an access key's user replaces the key", () => {
        assert.deepEqual(aws(policy(OBJECTS), { ...policy(OBJECTS), name: "backup-sync" }), ["identity:neutral", "!name"]);
        assert.deepEqual(
            classes(AWS_CREDENTIAL_INPUTS[AWS_TYPES.accessKey]!, { user: "a" }, { user: "b" }),
            ["!user"],
            "the neutral rename is said by the replacement",
        );
        assert.deepEqual(classes(AWS_CREDENTIAL_INPUTS[AWS_TYPES.accessKey]!, { user: "a", status: "Inactive" }, { user: "a" }), ["actions:escalation"]);
        assert.deepEqual(
            classes(AWS_CREDENTIAL_INPUTS[AWS_TYPES.userPolicyAttachment]!, { user: "a", policyArn: "arn:x" }, { user: "a", policyArn: "arn:y" }),
            ["actions:escalation", "!policyArn"],
        );
    });
});

describe("B2 application key: every change replaces it", () => {
    const KEY = { bucketId: "bkt1", capabilities: ["listFiles", "writeFiles"], keyName: "k", namePrefix: "db/", validDurationInSeconds: 31_536_000 };
    const b2 = (after: object, ctx: CompareContext = NOT_EXPIRING) => classes(B2_CREDENTIAL_INPUTS[B2_TYPES.applicationKey]!, KEY, after, ctx);
    it("lifetime removed or longer escalates; shorter reduces; each replaces the key", () => {
        const { validDurationInSeconds: _v, ...forever } = KEY;
        assert.deepEqual(b2(forever), ["expiry:escalation", "!validDurationInSeconds"]);
        assert.deepEqual(b2({ ...KEY, validDurationInSeconds: 86_400 }), ["expiry:reduction", "!validDurationInSeconds"]);
    });
    it("a rotation-managed key keeps its lifetime: said, not replaced; plans that record ignoreChanges are read instead", () => {
        assert.deepEqual(b2({ ...KEY, validDurationInSeconds: 86_400 * 900 }, { expiring: true }), ["expiry:escalation"]);
        assert.deepEqual(b2({ ...KEY, validDurationInSeconds: 86_400 * 900 }, { expiring: true, ignoreChanges: [] }), [
            "expiry:escalation",
            "!validDurationInSeconds",
        ]);
        assert.deepEqual(b2({ ...KEY, capabilities: ["listFiles"] }, { expiring: true }), ["actions:reduction", "!capabilities"]);
    });
    it("prefix and buckets: absent is everything; v3 bucketId → v4 bucketIds of the same bucket widens nothing but replaces", () => {
        const { namePrefix: _p, ...whole } = KEY;
        assert.deepEqual(b2(whole), ["resources:escalation", "!namePrefix"]);
        assert.deepEqual(b2({ ...KEY, namePrefix: "db/pg/" }), ["resources:reduction", "!namePrefix"]);
        assert.deepEqual(b2({ ...KEY, namePrefix: "files/" }), ["resources:escalation", "!namePrefix"]);
        const { bucketId: _b, ...anyBucket } = KEY;
        assert.deepEqual(b2(anyBucket), ["resources:escalation", "!bucketId"]);
        assert.deepEqual(b2({ ...anyBucket, bucketIds: ["bkt1"] }), ["!bucketId", "!bucketIds"]);
        assert.deepEqual(b2({ ...anyBucket, bucketIds: ["bkt1", "bkt2"] }), ["resources:escalation", "!bucketId", "!bucketIds"]);
        assert.deepEqual(b2({ ...KEY, capabilities: ["listFiles", "writeFiles", "deleteFiles"] }), ["actions:escalation", "!capabilities"]);
    });
});

describe("Cloudflare token: updated in place, except its account", () => {
    const group = (name: keyof typeof KNOWN_R2_GROUP_IDS) => [{ id: KNOWN_R2_GROUP_IDS[name] }];
    const TOKEN = {
        accountId: "acc",
        name: "t",
        expiresOn: "2027-12-31T00:00:00Z",
        condition: { requestIp: { ins: ["198.51.100.0/24"] } },
        policies: [
            { effect: "allow", permissionGroups: group(R2_ITEM_WRITE), resources: JSON.stringify({ "com.cloudflare.edge.r2.bucket.acc_default_b": "*" }) },
        ],
    };
    const r2 = (after: object) => classes(R2_CREDENTIAL_INPUTS[R2_TYPES.accountToken]!, TOKEN, after);
    it("expiresOn later or removed escalates, sooner reduces", () => {
        assert.deepEqual(r2({ ...TOKEN, expiresOn: "2099-12-31T00:00:00Z" }), ["expiry:escalation"]);
        const { expiresOn: _e, ...forever } = TOKEN;
        assert.deepEqual(r2(forever), ["expiry:escalation"]);
        assert.deepEqual(r2({ ...TOKEN, expiresOn: "2026-12-31T00:00:00Z" }), ["expiry:reduction"]);
    });
    it("the IP condition: removed or wider escalates, narrower reduces; a deny range removed escalates", () => {
        const { condition: _c, ...anywhere } = TOKEN;
        assert.deepEqual(r2(anywhere), ["network:escalation"]);
        assert.deepEqual(r2({ ...TOKEN, condition: { requestIp: { ins: ["198.51.0.0/16"] } } }), ["network:escalation"]);
        assert.deepEqual(r2({ ...TOKEN, condition: { requestIp: { ins: ["198.51.100.0/25"] } } }), ["network:reduction"]);
        const deny = { ...TOKEN, condition: { requestIp: { ins: ["198.51.100.0/24"], notIns: ["198.51.100.0/28"] } } };
        assert.deepEqual(classes(R2_CREDENTIAL_INPUTS[R2_TYPES.accountToken]!, TOKEN, deny), ["network:reduction"]);
        assert.deepEqual(classes(R2_CREDENTIAL_INPUTS[R2_TYPES.accountToken]!, deny, TOKEN), ["network:escalation"]);
    });
    it("permission groups ranked by what they allow: Write → Read reduces, Read → Write escalates; another bucket escalates", () => {
        const withGroup = (g: ReturnType<typeof group>) => ({ ...TOKEN, policies: [{ ...TOKEN.policies[0]!, permissionGroups: g }] });
        assert.deepEqual(r2(withGroup(group(R2_ITEM_READ))), ["actions:reduction"]);
        assert.deepEqual(classes(R2_CREDENTIAL_INPUTS[R2_TYPES.accountToken]!, withGroup(group(R2_ITEM_READ)), TOKEN), ["actions:escalation"]);
        const other = {
            ...TOKEN,
            policies: [{ ...TOKEN.policies[0]!, resources: JSON.stringify({ "com.cloudflare.edge.r2.bucket.acc_default_other": "*" }) }],
        };
        assert.deepEqual(r2(other), ["resources:escalation"]);
        assert.deepEqual(r2({ ...TOKEN, policies: [{ ...TOKEN.policies[0]!, effect: "deny" }] }), ["actions:reduction"]);
    });
    it("another account replaces the token; a user token has the same rules", () => {
        assert.deepEqual(r2({ ...TOKEN, accountId: "other" }), ["resources:escalation", "!accountId"]);
        const { accountId: _a, ...user } = TOKEN;
        assert.deepEqual(classes(R2_CREDENTIAL_INPUTS[R2_TYPES.apiToken]!, user, { ...user, expiresOn: undefined }), ["expiry:escalation"]);
    });
});

describe("inputs no rule knows", () => {
    it("are unclassified escalations, so a new SDK input is looked at", () => {
        assert.deepEqual(classes(B2_CREDENTIAL_INPUTS[B2_TYPES.applicationKey]!, { keyName: "k" }, { keyName: "k", newField: 1 }), ["?actions:escalation"]);
    });
});
