import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { describe, it } from "node:test";
import { MIN_RCLONE, olderThan, parseRcloneVersion, rcloneEnv, RcloneWorkspace, redact } from "../../cli/postdeploy/rclone";
import { findOnPath } from "../support/rgw/binaries";

describe("the rclone runner", () => {
    it("drops AWS_CA_BUNDLE (breaks rclone 1.60) and RCLONE_* (could override the config)", () => {
        const env = rcloneEnv({ AWS_CA_BUNDLE: "/x.pem", RCLONE_CONFIG_X_TYPE: "s3", PATH: "/bin" });
        assert.deepEqual(env, { PATH: "/bin" });
    });

    it("keeps the config in a private directory, 0600, and removes it", () => {
        const ws = RcloneWorkspace.create("[x]\ntype = local\n", []);
        assert.equal(statSync(ws.dir).mode & 0o777, 0o700);
        assert.equal(statSync(ws.configPath).mode & 0o777, 0o600);
        ws.dispose();
        assert.equal(existsSync(ws.dir), false);
    });

    it("redacts every known secret from rclone's messages", () => {
        assert.equal(redact("key AKID123 secret s3cr3t!", ["AKID123", "s3cr3t!"]), "key [redacted] secret [redacted]");
    });

    it("parses rclone version lines", () => {
        assert.deepEqual(parseRcloneVersion("rclone v1.60.1-DEV"), [1, 60, 1]);
        assert.equal(parseRcloneVersion("nonsense"), undefined);
    });

    it("knows the minimum version the generated sections need (1.59.1)", () => {
        assert.equal(olderThan([1, 60, 1], MIN_RCLONE), false);
        assert.equal(olderThan([1, 59, 1], MIN_RCLONE), false);
        assert.equal(olderThan([1, 59, 0], MIN_RCLONE), true);
        assert.equal(olderThan([1, 53, 4], MIN_RCLONE), true);
    });

    it("runs the real binary with a hard timeout and reports a refused connection, redacted", { skip: findOnPath("rclone") ? false : "rclone not installed" }, async () => {
        const ws = RcloneWorkspace.create("[x]\ntype = s3\nprovider = Ceph\naccess_key_id = AKIDSECRETVALUE\nsecret_access_key = SECRETSECRET\nendpoint = http://127.0.0.1:1\n",
            ["AKIDSECRETVALUE", "SECRETSECRET"]);
        try {
            const res = await ws.run(["-vv", "--dump", "headers", "lsf", "x:bkt/p/"], 30_000);
            assert.notEqual(res.code, 0);
            assert.equal(res.timedOut, false);
            assert.match(res.stderr, /connection refused/);
            // --dump headers prints the Authorization header, which names the key id.
            assert.ok(!res.stderr.includes("AKIDSECRETVALUE") && !res.stderr.includes("SECRETSECRET"));
        } finally {
            ws.dispose();
        }
    });
});
