/**
 * `--self-test` and `--bind` on the command line: what combines with what,
 * refused as usage (exit 2) with the flag named, before anything is read.
 * The checks themselves run against radosgw (test/contract/self-test-rgw.test.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePullConfigArgs } from "../../cli/pull-config/args";
import { runCli } from "./helpers";

describe("pull-config --self-test arguments", () => {
    it("takes --self-test with a source, and --bind with it", () => {
        assert.deepEqual(parsePullConfigArgs(["--stack", "prod", "--host", "db1", "--self-test"]).selfTest, {});
        assert.deepEqual(parsePullConfigArgs(["--stack", "prod", "--host", "db1", "--self-test", "--bind", "127.0.0.2"]).selfTest, { bind: "127.0.0.2" });
        assert.equal(parsePullConfigArgs(["--stack", "prod", "--host", "db1"]).selfTest, undefined);
    });

    for (const [what, args, message] of [
        ["--bind without --self-test", ["--bind", "127.0.0.1"], /--bind is only used with --self-test/],
        ["--self-test with --check", ["--self-test", "--check"], /--self-test writes nothing: it cannot be combined with --check, --adopt or --out/],
        ["--self-test with --out", ["--self-test", "--out", "x.conf"], /cannot be combined with --check, --adopt or --out/],
        ["--bind that is not an address", ["--self-test", "--bind", "10.0.0.0/8"], /--bind.*must be an IPv4 or IPv6 address, got "10\.0\.0\.0\/8"/],
    ] as const) {
        it(`refuses ${what}: exit 2, the flag named`, async () => {
            const res = await runCli(["--stack", "prod", "--host", "db1", ...args]);
            assert.equal(res.code, 2, res.stderr);
            assert.match(res.stderr, message);
            assert.doesNotMatch(res.stderr, /\n\s+at /, "no stack trace");
        });
    }
});
