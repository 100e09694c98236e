import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diagnose, isAuthPropagationError } from "../../cli/postdeploy/diagnosis";
import { classifyError } from "../../cli/shared/error-kind";
import type { ErrorKind } from "../../cli/postdeploy/error-kinds";
import { B2_DOCUMENTED, CAPTURED } from "./fixtures/rclone-errors";

const ctx = { provider: "aws" as const, endpoint: "http://127.0.0.1:1", listWorked: true };

describe("diagnosis of real error texts (rclone CLI, rclone rc, S3 SDK, B2 API)", () => {
    const cases: [keyof typeof CAPTURED, ErrorKind][] = [
        ["wrongSecret", "signature"],
        ["unknownKey", "unknown-key"],
        ["httpsToHttp", "tls"],
        ["headRefused", "access-denied"],
        ["sseOverHttp", "other"],
        ["caBundle", "ca-bundle"],
        ["awsWrongRegion", "wrong-region"],
        ["copyRerunHead", "access-denied"],
        ["rcWrongSecret", "signature"],
        ["rcWrongPort", "connection-refused"],
        ["rcWrongHost", "dns-name"],
        ["rcListRefused", "access-denied"],
        ["rcCopyRefused", "access-denied"],
        ["rcReadRefused", "access-denied"],
        ["rcObjectNotFound", "not-found"],
        ["rcNoSuchBucket", "no-such-bucket"],
        ["rcAwsNxdomain", "dns-name"],
        ["rcAwsNoRoute", "network"],
        ["rcIpNoRoute", "network"],
        ["sdkRefused", "access-denied"],
        ["sdkConnectionRefused", "connection-refused"],
        ["sdkAwsNxdomain", "dns-name"],
        ["sdkAwsNoRoute", "network"],
    ];
    for (const [name, kind] of cases) {
        it(`${name} → ${kind}`, () => assert.equal(classifyError(CAPTURED[name], "aws"), kind));
    }

    it("B2's documented errors: 401 unauthorized is a refusal, bad_auth_token an unknown key", () => {
        assert.equal(classifyError(B2_DOCUMENTED.unauthorized, "b2"), "access-denied");
        assert.equal(classifyError(B2_DOCUMENTED.badAuthToken, "b2"), "unknown-key");
    });

    it("only signature and unknown-key errors are retried as key propagation; network errors say nothing about a grant", () => {
        assert.equal(isAuthPropagationError(classifyError(CAPTURED.rcWrongSecret)), true);
        assert.equal(isAuthPropagationError(classifyError(CAPTURED.rcListRefused)), false);
        for (const t of [CAPTURED.rcWrongPort, CAPTURED.rcAwsNoRoute, CAPTURED.rcWrongHost]) assert.equal(isAuthPropagationError(classifyError(t)), false);
    });

    it("403 on a write after a working list names the missing grant from the permission model", () => {
        assert.match(
            diagnose("access-denied", { ...ctx, capability: "write" }),
            /list works but write is refused: missing write permission \(s3:PutObject, s3:AbortMultipartUpload, s3:PutObjectAcl if s3:x-amz-acl is bucket-owner-full-control\)/,
        );
        assert.match(diagnose("access-denied", { ...ctx, provider: "b2", capability: "read" }), /readFiles/);
        assert.match(diagnose("access-denied", { ...ctx, listWorked: false, capability: "list" }), /403 on everything: wrong region or endpoint/);
    });

    it("a host name that does not resolve: wrong host only when the provider's public host resolves", () => {
        const canaryUp = { host: "s3.amazonaws.com", resolves: true };
        const canaryDown = { host: "s3.amazonaws.com", resolves: false };
        assert.match(diagnose("dns-name", { ...ctx, canary: canaryUp }), /while s3\.amazonaws\.com resolves: the endpoint host is wrong/);
        assert.match(
            diagnose("dns-name", { ...ctx, canary: canaryDown }),
            /DNS resolves nothing here, not even s3\.amazonaws\.com: this machine has no working network/,
        );
        assert.doesNotMatch(diagnose("dns-name", { ...ctx, canary: canaryDown }), /endpoint host is wrong/);
        assert.match(diagnose("network", ctx), /cannot reach the network .* not necessarily wrong/);
    });

    it("region and endpoint errors say which setting to look at", () => {
        assert.match(diagnose("wrong-region", ctx), /region or endpoint \(http:\/\/127\.0\.0\.1:1\)/);
        assert.match(diagnose("connection-refused", ctx), /endpoint .* is wrong \(host or port\)/);
        assert.match(diagnose("signature", ctx), /signature mismatch/);
    });
});
