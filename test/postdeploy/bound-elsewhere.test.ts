/**
 * Which sections `postdeploy --from` takes out of the phases: exactly those
 * whose provider enforces the host's addresses and whose ranges do not hold
 * the run's address (IPv4 and IPv6); B2 keys (no enforcement) and unbound keys
 * stay. And --from itself: an address, never a range (exit 2).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isLocalAddress, splitBound } from "../../cli/postdeploy/bound-elsewhere";
import type { DeployedSection, LoadedOutputs } from "../../cli/postdeploy/outputs";
import { runCli } from "../support/contract/postdeploy";

function section(name: string, host: string, addresses?: { enforcedBy?: string; cidrs: string[] }): DeployedSection {
    return {
        summary: { section: name, host } as DeployedSection["summary"],
        permissions: {
            ...(addresses
                ? { addresses: { ...(addresses.enforcedBy ? { enforcedBy: addresses.enforcedBy } : {}), hosts: [{ host, cidrs: addresses.cidrs }] } }
                : {}),
        } as DeployedSection["permissions"],
        options: {},
    };
}

const OUTPUTS: LoadedOutputs = {
    environment: "prod",
    configText: "",
    sections: [
        section("aws.db1", "db1", { enforcedBy: "aws:SourceIp", cidrs: ["198.51.100.10/32", "2001:db8:100:1::/64"] }),
        section("b2.db1", "db1", { cidrs: ["198.51.100.10/32"] }),
        section("aws.files1", "files1"),
    ],
};

describe("postdeploy --from: the sections bound elsewhere", () => {
    it("takes out the enforced keys whose ranges do not hold the address, and nothing else", () => {
        const outside = splitBound(OUTPUTS, "203.0.113.7");
        assert.deepEqual(
            outside.elsewhere.map((e) => e.section.summary.section),
            ["aws.db1"],
        );
        assert.deepEqual(
            outside.tested.sections.map((s) => s.summary.section),
            ["b2.db1", "aws.files1"],
        );
        assert.deepEqual(splitBound(OUTPUTS, "198.51.100.10").elsewhere, []);
        assert.deepEqual(splitBound(OUTPUTS, "2001:db8:100:1::5").elsewhere, []);
        assert.equal(splitBound(OUTPUTS, "2001:db8:100:2::5").elsewhere.length, 1);
        assert.equal(splitBound(OUTPUTS, undefined).tested, OUTPUTS, "without --from: unchanged");
    });

    it("binds only to an address of this machine", () => {
        assert.equal(isLocalAddress("127.0.0.2"), true);
        assert.equal(isLocalAddress("203.0.113.7"), false);
    });

    it("refuses a --from that is not an address: exit 2", async () => {
        const res = await runCli(["--stack", "prod", "--from", "203.0.113.0/24"]);
        assert.equal(res.code, 2, res.stderr);
        assert.match(res.stderr, /--from must be an IPv4 or IPv6 address \(no range\), got "203\.0\.113\.0\/24"/);
    });
});
