/**
 * The plan's text names where each key works from: under each key of prod
 * (every host lists addresses) its own ranges exactly as the permissions
 * output carries them, B2's keys their deviation instead, and once per
 * provider how it holds a key to them; a stack whose hosts list none says so
 * in one line. Widths: report.test.ts holds every line of prod within them.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { redactPlan } from "../../cli/plan/redact";
import { renderPlanText } from "../../cli/plan/report";
import { runPlan, type PlanResult } from "../../cli/plan/run";
import type { PermissionEntry } from "../../components/outputs";
import { root } from "./text-stacks";

/** The keys part (heading to the blank line after it), as one text per key: its row and the notes under it. */
function keyBlocks(text: string): { lines: string[]; blocks: Map<string, string> } {
    const all = text.split("\n");
    const start = all.findIndex((l) => l.startsWith("Keys per credential"));
    const lines = all.slice(start, all.indexOf("", start));
    const blocks = new Map<string, string>();
    let credential = "";
    let key = "";
    for (const line of lines.slice(1)) {
        const head = /^ {2}(\S+) \(/.exec(line);
        const row = /^ {4}(\S+)\s+g\d+/.exec(line);
        if (head) credential = head[1]!;
        else if (row) blocks.set((key = `${credential}/${row[1]}`), "");
        else if (key && /^ {8}/.test(line)) blocks.set(key, `${blocks.get(key)} ${line.trim()}`.trim());
        else key = "";
    }
    return { lines, blocks };
}

describe("the plan's text: addresses per key", () => {
    let prod: PlanResult;
    before(async () => {
        prod = await runPlan("prod", { projectDir: root });
    });

    for (const width of [100, 60]) {
        it(`at ${width} columns, names under each AWS and R2 key of prod exactly its host's ranges`, () => {
            const { blocks } = keyBlocks(renderPlanText(redactPlan(prod), prod.identityUsage, { width }));
            const permissions = prod.outputs.permissions.value as PermissionEntry[];
            let checked = 0;
            for (const entry of permissions.filter((p) => p.addresses?.enforcedBy !== undefined)) {
                for (const { host, cidrs } of entry.addresses!.hosts) {
                    assert.equal(blocks.get(`${entry.credential}/${host}`), `works only from ${cidrs.join(", ")}`, `${entry.credential} on ${host}`);
                    checked++;
                }
            }
            assert.equal(checked, 8);
        });
    }

    it("names B2's deviation under each B2 key whose host lists addresses, with the ranges it cannot hold it to", () => {
        const { blocks } = keyBlocks(renderPlanText(redactPlan(prod), prod.identityUsage, { width: 100 }));
        const b2 = (prod.outputs.permissions.value as PermissionEntry[]).filter((p) => p.provider === "b2");
        assert.equal(b2.length, 3);
        for (const entry of b2) {
            assert.equal(entry.addresses?.enforcedBy, undefined);
            for (const { host, cidrs } of entry.addresses!.hosts) {
                const note = blocks.get(`${entry.credential}/${host}`) ?? "";
                assert.ok(note.startsWith(`works from any address, although hostAddresses lists ${cidrs.join(", ")}`), note);
                assert.match(note, /deviation b2-key-any-address/);
            }
        }
    });

    it("says once per provider how it holds a key to its addresses", () => {
        const { lines } = keyBlocks(renderPlanText(redactPlan(prod), prod.identityUsage, { width: 100 }));
        const at = lines.indexOf("  How a key is held to its host's addresses:");
        assert.ok(at > 0);
        const after = lines.slice(at + 1).join(" ");
        assert.match(after, /aws: IpAddress aws:SourceIp on every statement/);
        assert.match(after, /r2: the token's condition\.requestIp\.in/);
        assert.doesNotMatch(after, /b2:/);
    });

    it("on a stack whose hosts list no addresses, says every key works from any address", async () => {
        const staging = await runPlan("staging", { projectDir: root });
        const { lines, blocks } = keyBlocks(renderPlanText(redactPlan(staging), staging.identityUsage, { width: 100 }));
        assert.ok(lines.includes("  no host lists hostAddresses: every key works from any address (docs/hosts.md)"));
        assert.equal([...blocks.values()].filter((b) => b.includes("address")).length, 0);
    });
});
