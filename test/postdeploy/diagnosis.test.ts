import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyError, diagnose, isAuthPropagationError, type ErrorKind } from "../../cli/postdeploy/diagnosis";
import { CAPTURED } from "./fixtures/rclone-errors";

const ctx = { provider: "aws" as const, endpoint: "http://127.0.0.1:1", listWorked: true };

describe("diagnosis of real rclone error texts", () => {
    const cases: [keyof typeof CAPTURED, ErrorKind][] = [
        ["wrongSecret", "signature"],
        ["unknownKey", "unknown-key"],
        ["wrongPort", "connection-refused"],
        ["wrongHost", "dns"],
        ["httpsToHttp", "tls"],
        ["listOutsidePrefix", "access-denied"],
        ["putRefused", "access-denied"],
        ["headRefused", "access-denied"],
        ["deleteRefused", "access-denied"],
        ["sseOverHttp", "other"],
        ["caBundle", "ca-bundle"],
        ["awsWrongRegion", "wrong-region"],
    ];
    for (const [name, kind] of cases) {
        it(`${name} → ${kind}`, () => assert.equal(classifyError(CAPTURED[name]), kind));
    }

    it("only signature and unknown-key errors are retried as key propagation", () => {
        assert.equal(isAuthPropagationError(classifyError(CAPTURED.wrongSecret)), true);
        assert.equal(isAuthPropagationError(classifyError(CAPTURED.unknownKey)), true);
        assert.equal(isAuthPropagationError(classifyError(CAPTURED.putRefused)), false);
        assert.equal(isAuthPropagationError(classifyError(CAPTURED.wrongPort)), false);
    });

    it("403 on a write after a working list names the missing grant from the permission model", () => {
        assert.match(diagnose("access-denied", { ...ctx, capability: "write" }),
            /list works but write is refused: missing write permission \(s3:PutObject, s3:AbortMultipartUpload\)/);
        assert.match(diagnose("access-denied", { ...ctx, provider: "b2", capability: "read" }), /readFiles/);
    });

    it("403 when even the list failed points at region/endpoint or a missing policy", () => {
        assert.match(diagnose("access-denied", { ...ctx, listWorked: false, capability: "list" }), /403 on everything: wrong region or endpoint/);
    });

    it("region and endpoint errors say which setting to look at", () => {
        assert.match(diagnose("wrong-region", ctx), /region or endpoint \(http:\/\/127\.0\.0\.1:1\)/);
        assert.match(diagnose("connection-refused", ctx), /endpoint .* is wrong \(host or port\)/);
        assert.match(diagnose("dns", ctx), /DNS lookup failed/);
        assert.match(diagnose("signature", ctx), /signature mismatch/);
    });
});
