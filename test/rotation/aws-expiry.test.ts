/**
 * The AWS key expiry, proven semantically with pbac: a policy from the model
 * with `DateLessThan aws:CurrentTime` on every statement allows everything
 * the role may do until the instant, and nothing from then on; what the role
 * may never do stays denied at every time. (test/contract/key-expiry-rgw.test.ts
 * shows radosgw enforcing the same condition.)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { awsPolicyDocument } from "../../components/providers/aws/access";
import { withExpiry } from "../../components/providers/aws/expiry";
import { ROLES } from "../../components/permissions/roles";
import { checkPolicy } from "../../policies/iam/check";
import { isAllowed, parsePolicy } from "../../policies/iam/evaluate";
import { probesFor } from "../../policies/iam/expectations";

const EXPIRES = "2026-08-13T00:00:00Z";
const scope = (role: (typeof ROLES)[number]) => ({ role, bucket: "acme-backup-prod-main", prefix: "db/" });

describe("withExpiry", () => {
    it("puts the condition on every statement and leaves a key without expiry byte-identical", () => {
        for (const role of ROLES) {
            const doc = awsPolicyDocument(role, "b", "db/");
            assert.equal(JSON.stringify(withExpiry(doc, undefined)), JSON.stringify(doc));
            const expiring = withExpiry(doc, EXPIRES);
            assert.equal(expiring.Statement.length, doc.Statement.length);
            for (const s of expiring.Statement) assert.deepEqual(s.Condition?.DateLessThan, { "aws:CurrentTime": [EXPIRES] }, `${role} ${s.Sid}`);
            const list = expiring.Statement.find((s) => s.Sid === "ListWithinPrefix");
            if (list) assert.deepEqual(list.Condition?.StringLike, { "s3:prefix": ["db/", "db/*"] }, "the prefix condition stays");
        }
    });
});

describe("the expiring policy under pbac", () => {
    for (const role of ROLES) {
        it(`${role}: every request the role may make works until the instant and is denied from then on`, () => {
            const parsed = parsePolicy(withExpiry(awsPolicyDocument(role, "acme-backup-prod-main", "db/"), EXPIRES));
            assert.deepEqual(parsed.widened, [], "aws:CurrentTime is modelled, not read permissively");
            const probes = probesFor(scope(role));
            const allowed = probes.filter((p) => p.expected);
            assert.ok(allowed.length > 0);
            for (const p of allowed) {
                assert.equal(isAllowed(parsed, { ...p, currentTime: "2026-08-12T23:59:59Z" }), true, `${p.action} ${p.where} before expiry`);
                assert.equal(isAllowed(parsed, { ...p, currentTime: EXPIRES }), false, `${p.action} ${p.where} at expiry`);
                assert.equal(isAllowed(parsed, { ...p, currentTime: "2031-01-01T00:00:00Z" }), false, `${p.action} ${p.where} years later`);
            }
            for (const p of probes.filter((x) => !x.expected)) {
                assert.equal(isAllowed(parsed, { ...p, currentTime: "2026-01-01T00:00:00Z" }), false, `${p.action} ${p.where} never`);
            }
        });
    }

    it("the least-privilege check is about what a key can do, not when: the expiring policy passes it", () => {
        for (const role of ROLES) assert.deepEqual(checkPolicy(withExpiry(awsPolicyDocument(role, "acme-backup-prod-main", "db/"), EXPIRES), scope(role)), []);
    });

    it("a widened expiring policy is still caught (an expiry hides no grant)", () => {
        const doc = withExpiry(awsPolicyDocument("copy", "acme-backup-prod-main", "db/"), EXPIRES);
        const widened = {
            ...doc,
            Statement: doc.Statement.map((s) => (s.Sid === "ObjectsWithinPrefix" ? { ...s, Action: [...s.Action, "s3:DeleteObject"] } : s)),
        };
        assert.match(
            checkPolicy(widened, scope("copy"))
                .map((f) => f.message)
                .join("\n"),
            /allows what a copy credential must not do: s3:DeleteObject inside/,
        );
    });

    it("without a time a Deny on aws:CurrentTime denies nothing (read permissively); at a time it is evaluated", () => {
        const parsed = parsePolicy({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
                {
                    Effect: "Deny",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::b/*",
                    Condition: { DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
                },
            ],
        });
        const get = { action: "s3:GetObject", resource: "arn:aws:s3:::b/x" };
        assert.equal(isAllowed(parsed, get), true);
        assert.equal(isAllowed(parsed, { ...get, currentTime: "2025-06-01T00:00:00Z" }), true);
        assert.equal(isAllowed(parsed, { ...get, currentTime: "2026-06-01T00:00:00Z" }), false);
    });
});
