/**
 * How the host self-test reads a failed rclone command: a refusal only as the
 * providers say it, from rclone 1.60.1's own stderr captured against radosgw
 * (test/postdeploy/fixtures/rclone-errors.ts). A wrong secret or an unknown
 * key is also a 403, and must not pass as the refusal a forbidden operation
 * should get.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { outcomeOf } from "../../cli/pull-config/self-test";
import { B2_DOCUMENTED, CAPTURED } from "../postdeploy/fixtures/rclone-errors";

const failed = (stderr: string) => outcomeOf({ code: 1, stderr }, "read backup-remotes-self-test.txt");

describe("self-test outcomes", () => {
    it("an access refusal is refused (S3's Forbidden on rclone's HEAD, B2's 401 unauthorized)", () => {
        for (const text of [CAPTURED.headRefused, CAPTURED.copyRerunHead, B2_DOCUMENTED.unauthorized]) {
            assert.equal(failed(text).outcome, "refused", text);
        }
    });

    it("a wrong secret or an unknown key (403 too) is inconclusive, named as such", () => {
        const wrong = failed(CAPTURED.wrongSecret);
        assert.equal(wrong.outcome, "inconclusive");
        assert.match(wrong.detail, /not a refusal \(signature: /);
        assert.equal(failed(CAPTURED.unknownKey).outcome, "inconclusive");
    });

    it("anything else is inconclusive; exit 0 is worked", () => {
        assert.equal(failed(CAPTURED.caBundle).outcome, "inconclusive");
        assert.equal(failed("").outcome, "inconclusive");
        assert.equal(outcomeOf({ code: 0, stderr: "" }, "list").outcome, "worked");
    });
});
