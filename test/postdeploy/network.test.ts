/**
 * "No network" is not "wrong host". A host name that does not resolve is
 * blamed on the endpoint only when the provider's public host resolves; when
 * DNS resolves nothing, or there is no route at all, the report says the
 * machine has no network, and that every endpoint failed the same way. Real
 * rclone, real DNS answers for the endpoint; the provider's public host is
 * played resolving and not (this machine may or may not have a network);
 * and, where this process may create a network namespace (root, `unshare`),
 * the command itself runs with no route at all.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadOutputs } from "../../cli/postdeploy/outputs";
import { runPostdeploy } from "../../cli/postdeploy/run";
import type { PostdeployReport } from "../../cli/postdeploy/types";
import { renderIni } from "../../components/rclone/render";
import { findOnPath } from "../support/rgw/binaries";
import { section } from "./fixtures/sections";

const REPO = join(__dirname, "..", "..");

function outputsWith(options: Record<string, string>, hosts = ["h1", "h2"]) {
    const secs = hosts.map((h) => {
        const s = section("aws", "sync", "files/", { credential: "files-mirror", host: h });
        return { ...s, options: { ...s.options, type: "s3", ...options } };
    });
    return {
        rcloneConfig: renderIni(secs.map((s) => ({ name: s.summary.section, options: s.options }))),
        remotes: secs.map((s) => s.summary),
        permissions: [secs[0]!.permissions],
    };
}

const BAD_HOST = { provider: "Other", endpoint: "http://no-such-host.invalid:9000", region: "us-east-1" };
const AWS = { provider: "AWS", region: "eu-west-1" };

function canRunWithoutNetwork(): string | false {
    if (!findOnPath("rclone")) return "rclone not installed";
    if (process.getuid?.() !== 0 || !findOnPath("unshare") || !findOnPath("ip")) return "needs root, unshare and ip to create a network namespace";
    return false;
}

describe("no network is not a wrong host", { skip: findOnPath("rclone") ? false : "rclone not installed" }, () => {
    it("a name that does not resolve while the provider's public host does: the endpoint host is wrong", async () => {
        const r = await runPostdeploy(loadOutputs(outputsWith(BAD_HOST, ["h1"]), "t", "staging"), { authRetryMs: 100, resolveHost: async () => true });
        const list = r.sections[0]!.checks[0]!;
        assert.equal(list.status, "inconclusive");
        assert.equal(list.errorKind, "dns-name");
        assert.match(list.diagnosis ?? "", /while s3\.amazonaws\.com resolves: the endpoint host is wrong/);
    });

    it("when DNS resolves nothing, not even the provider's public host: no network, and every endpoint failed the same way", async () => {
        const r = await runPostdeploy(loadOutputs(outputsWith(BAD_HOST), "t", "staging"), { authRetryMs: 100, resolveHost: async () => false });
        for (const s of r.sections) {
            const list = s.checks[0]!;
            assert.equal(list.errorKind, "network");
            assert.match(list.diagnosis ?? "", /not necessarily wrong/);
            assert.doesNotMatch(list.diagnosis ?? "", /endpoint host is wrong/);
        }
        assert.match(r.notes.join("\n"), /every section \(2, 1 endpoint\(s\)\) failed to reach its endpoint the same way \(network\)/);
    });

    it("the command with no route at all (a network namespace of its own): no network, never a wrong host", { skip: canRunWithoutNetwork() }, async () => {
        const dir = mkdtempSync(join(tmpdir(), "postdeploy-nonet-"));
        try {
            const file = join(dir, "out.json");
            writeFileSync(file, JSON.stringify(outputsWith(AWS)), { mode: 0o600 });
            const cmd = `ip link set lo up && exec "${process.execPath}" --import tsx cli/postdeploy/main.ts --stack staging --outputs "${file}" --json --auth-retry 1`;
            const res = await new Promise<{ code: number; stdout: string }>((resolve) => {
                execFile("unshare", ["-n", "sh", "-c", cmd], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) =>
                    resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }),
                );
            });
            assert.equal(res.code, 1);
            const report = JSON.parse(res.stdout) as PostdeployReport;
            for (const s of report.sections) {
                const list = s.checks[0]!;
                assert.equal(list.errorKind, "network", list.error);
                assert.match(list.diagnosis ?? "", /cannot reach the network|DNS resolves nothing here/);
            }
            assert.match(report.notes.join("\n"), /failed to reach its endpoint the same way/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
