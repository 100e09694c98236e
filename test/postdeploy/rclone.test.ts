import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { processCpuMs } from "../../cli/postdeploy/rcd-process";
import { RcloneDaemon } from "../../cli/postdeploy/rcd";
import { MIN_RCLONE, olderThan, parseRcloneVersion, rcloneEnv, redact } from "../../cli/shared/rclone";
import { findOnPath } from "../support/rgw/binaries";
import { alive } from "../support/pids";

const skip = findOnPath("rclone") ? false : "rclone not installed";
const CONFIG = "[x]\ntype = s3\nprovider = Ceph\naccess_key_id = AKIDSECRETVALUE\nsecret_access_key = SECRETSECRET\nendpoint = http://127.0.0.1:1\n";
const SECRETS = ["AKIDSECRETVALUE", "SECRETSECRET"];

describe("the rclone runner", () => {
    it("drops AWS_CA_BUNDLE (breaks rclone 1.60) and RCLONE_* (could override the config)", () => {
        assert.deepEqual(rcloneEnv({ AWS_CA_BUNDLE: "/x.pem", RCLONE_CONFIG_X_TYPE: "s3", PATH: "/bin" }), { PATH: "/bin" });
    });

    it("redacts every known secret", () => {
        assert.equal(redact("key AKID123 secret s3cr3t!", ["AKID123", "s3cr3t!"]), "key [redacted] secret [redacted]");
    });

    it("parses versions and knows the minimum the generated sections need (1.59.1)", () => {
        assert.deepEqual(parseRcloneVersion("rclone v1.60.1-DEV"), [1, 60, 1]);
        assert.equal(parseRcloneVersion("nonsense"), undefined);
        assert.equal(olderThan([1, 60, 1], MIN_RCLONE), false);
        assert.equal(olderThan([1, 59, 0], MIN_RCLONE), true);
    });

    it("reads a process's CPU time from /proc/<pid>/stat (utime + stime, 100 ticks a second)", () => {
        const stat = "1234 (rclone) S 1 1234 1234 0 -1 4194560 500 0 0 0 37 5 0 0 20 0 12 0 100 0 0";
        assert.equal(
            processCpuMs(1234, () => stat),
            420,
        );
        assert.equal(
            processCpuMs(1234, () => {
                throw new Error("no /proc");
            }),
            undefined,
        );
    });
});

describe("rclone rcd: one private daemon per run", { skip }, () => {
    it("holds the config 0600 in a 0700 directory, wants credentials, answers rc calls, and is gone by pid after stop", async () => {
        const rcd = await RcloneDaemon.start({ configText: CONFIG, secrets: SECRETS, binary: "rclone" });
        const dir = rcd.localPath();
        try {
            assert.equal(statSync(dir).mode & 0o777, 0o700);
            assert.equal(statSync(join(dir, "rclone.conf")).mode & 0o777, 0o600);
            const cmdline = readFileSync(`/proc/${rcd.pid}/cmdline`, "utf8");
            assert.match(cmdline, /--rc-addr\u0000127\.0\.0\.1:0/, "loopback only");
            assert.doesNotMatch(cmdline, /rc-pass|rc-user|rc-no-auth/, "no credentials (or no-auth) on the command line, which every local user can read");
            const version = await rcd.call<{ version: string }>("core/version", {}, 10_000);
            assert.ok(version.ok && /^v1\./.test(version.out.version));
            const port = Number(/Serving remote control on http:\/\/127\.0\.0\.1:(\d+)\//.exec(rcd.logTail(20))?.[1]);
            const anonymous = await fetch(`http://127.0.0.1:${port}/operations/list`, { method: "POST", body: "{}" });
            assert.equal(anonymous.status, 401, "the rc API refuses a caller without the random credentials");
        } finally {
            const pid = rcd.pid;
            await rcd.stop();
            assert.equal(alive(pid), false);
            assert.equal(existsSync(dir), false);
        }
    });

    it("returns rclone's own error text for a failed call, redacted, without hanging", async () => {
        const log = join(mkdtempSync(join(tmpdir(), "rcd-log-")), "rclone.log");
        const rcd = await RcloneDaemon.start({ configText: CONFIG, secrets: SECRETS, binary: "rclone", logFile: log, verbose: true });
        try {
            const res = await rcd.call("operations/list", { fs: "x:bkt", remote: "p" }, 30_000);
            assert.equal(res.ok, false);
            assert.ok(!res.ok && /connect: connection refused/.test(res.error) && !res.timedOut);
            const text = readFileSync(log, "utf8");
            assert.equal(statSync(log).mode & 0o777, 0o600);
            for (const s of SECRETS) assert.ok(!text.includes(s) && !(!res.ok && res.error.includes(s)));
        } finally {
            await rcd.stop();
            rmSync(join(log, ".."), { recursive: true, force: true });
        }
    });

    it("a missing binary is a clear error, not a stack", async () => {
        await assert.rejects(
            RcloneDaemon.start({ configText: CONFIG, secrets: [], binary: "/nonexistent/rclone" }),
            /cannot run \/nonexistent\/rclone \(ENOENT\): install rclone/,
        );
    });
});
