/**
 * What the plan's text tells a person about keys and the stack as a whole:
 * per credential × host the generation in use, its issue date and expiry, the
 * generations still retiring (the sections retiringConfig really carries), a
 * warning for a key in its grace window; then the counts, the tier, whether
 * it seals, the warnings, and the commands that come next.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { plannedKeys, renderKeys, retiringNote, graceWarning, type KeyDetail } from "../../cli/plan/keys-text";
import { redactPlan } from "../../cli/plan/redact";
import { renderPlanText } from "../../cli/plan/report";
import { runPlan, type PlanResult } from "../../cli/plan/run";
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { BEFORE_GRACE, EXPIRES, IN_GRACE, ISSUED, root, rotationConfig } from "./text-stacks";

/** The lines of one part of the text: from its heading to the blank line after it. */
function part(text: string, heading: string): string[] {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith(heading));
    assert.ok(start >= 0, `no part "${heading}"`);
    const end = lines.indexOf("", start);
    return lines.slice(start, end < 0 ? undefined : end);
}

/** A part's lines as one text with the wrapping undone. */
const joined = (lines: readonly string[]): string =>
    lines
        .map((l) => l.trim())
        .join(" ")
        .replace(/ \\ /g, " ")
        .replace(/\s+/g, " ");

/** The section names of an rclone INI text. */
const sectionNames = (ini: string): string[] => [...ini.matchAll(/^\[(.+)\]$/gm)].map((m) => m[1]!);

describe("a sealed staging whose keys expire, db1's copy keys rotating", () => {
    let plan: PlanResult;
    let text: (now: Date, width?: number) => string;
    before(async () => {
        plan = await runPlan("staging", { projectDir: root, config: await rotationConfig(), now: () => IN_GRACE });
        const redacted = redactPlan(plan);
        text = (now, width = 100) => renderPlanText(redacted, plan.identityUsage, { now, width });
    });

    it("shows each key's generation in use with its issue date and expiry", () => {
        const keys = part(text(BEFORE_GRACE), "Keys");
        const db1 = keys.findIndex((l) => l.startsWith("  db-archive (copy, aws aws-main): max age 90 days + 14 days of grace"));
        assert.ok(db1 > 0);
        assert.match(keys[db1 + 1]!, new RegExp(`^ {4}db1 +g2 +issued ${ISSUED} +expires ${EXPIRES}$`));
        const files1 = keys.findIndex((l) => l.startsWith("  files-mirror (sync, aws aws-main)"));
        assert.match(keys[files1 + 1]!, new RegExp(`^ {4}files1 +g1 +issued ${ISSUED} +expires ${EXPIRES}$`));
    });

    it("names each retiring generation under its key, with the section retiringConfig really carries it under", () => {
        const keys = joined(part(text(BEFORE_GRACE), "Keys"));
        const retiring = [...keys.matchAll(/retiring g1 \(issued 2026-04-01, expires 2026-07-14\): in retiringConfig as \[([^\]]+)\]/g)].map((m) => m[1]!);
        assert.deepEqual(retiring.sort(), sectionNames(plan.outputs.retiringConfig!.value).sort());
        assert.deepEqual(retiring.sort(), ["staging-b2-db-archive.db1", "staging-db-archive.db1", "staging-r2-db-archive.db1"]);
        // Judged at the plan's clock: by August the old generation has expired.
        assert.match(joined(part(text(IN_GRACE), "Keys")), /retiring g1 \(issued 2026-04-01, expired 2026-07-14\)/);
    });

    it("warns of a key in its grace window, when it stops working and the command that replaces it", () => {
        assert.doesNotMatch(text(BEFORE_GRACE), /WARNING/);
        const keys = part(text(IN_GRACE), "Keys");
        const warnings = keys.filter((l) => l.trim().startsWith("WARNING:"));
        assert.equal(warnings.length, 9, "every key of this stack is in its grace window on 2026-08-08");
        const all = joined(keys);
        assert.match(
            all,
            /WARNING: g1 is past its maximum age of 90 days and stops working 2026-08-13, in 5 days\. Rotate it: npm run rotate -- --stack staging --credential files-mirror --host files1/,
        );
        // A key still rotating is retired before it can rotate again (rotate refuses otherwise).
        assert.match(
            all,
            /WARNING: g2 is past its maximum age of 90 days and stops working 2026-08-13, in 5 days\. Retire g1 first \(docs\/rotation\.md\), then rotate: npm run rotate -- --stack staging --credential db-archive --host db1/,
        );
    });

    it("sums up: counts that match the plan, test tier, sealed, the warnings, and the steps including the retirement", () => {
        const summary = joined(part(text(IN_GRACE), "Summary:"));
        const identities = plan.resources.filter((r) => /^backup-remotes:[a-z0-9]+:Credential$/.test(r.type)).length;
        assert.equal(identities, 12);
        assert.match(summary, /stack staging, test tier: /);
        assert.match(summary, /buckets 3: aws 1, b2 1, r2 1 /);
        assert.match(summary, new RegExp(`identities ${identities}: aws 4, b2 4, r2 4 \\(3 of them retiring\\) `));
        assert.match(summary, /hosts 3: db1, files1, monitor1 /);
        assert.match(summary, /sections 9 in rcloneConfig, 3 more in retiringConfig /);
        assert.equal(sectionNames(plan.outputs.rcloneConfig.value).length, 9);
        assert.match(summary, /sealed yes: 3 host files in sealedHosts/);
        assert.match(summary, /warnings 9 \(WARNING above\): db-archive on db1 expires in 5 days; .* \(6 more\)$/);
        assert.match(joined(part(text(BEFORE_GRACE), "Summary:")), /warnings none$/);
        const next = part(text(BEFORE_GRACE), "Next").map((l) => l.trim());
        assert.deepEqual(
            next.filter((l) => /^(pulumi|npm) /.test(l)),
            [
                "pulumi preview -s staging --policy-pack policies",
                "pulumi up -s staging --policy-pack policies",
                "pulumi stack output sealedHosts -s staging --json",
                "npm run postdeploy -- --stack staging",
                "npm run rotate -- --stack staging --retire --report report.json",
            ],
        );
    });

    it("keeps a next step whole when it is continued: sh reads the same command", () => {
        const next = part(text(BEFORE_GRACE, 60), "Next");
        assert.ok(
            next.some((l) => l.endsWith(" \\")),
            "at 60 columns the retire step is continued",
        );
        assert.ok(joined(next).includes("npm run rotate -- --stack staging --retire --report report.json"));
    });
});

describe("the prod example: no rotation", () => {
    let text: string;
    before(async () => {
        const plan = await runPlan("prod", { projectDir: root });
        text = renderPlanText(redactPlan(plan), plan.identityUsage, { now: BEFORE_GRACE });
    });

    it("shows every key as generation 1, undated, without expiry (each is listed for its host's addresses, addresses-text.test.ts)", () => {
        const rows = part(text, "Keys").filter((l) => /^ {4}\S+ +g\d/.test(l));
        assert.equal(rows.length, 12);
        for (const row of rows) assert.match(row, /^ {4}\S+ +g1 +undated +no expiry$/);
        assert.ok(part(text, "Keys").every((l) => !l.includes("max age")));
    });

    it("sums up production, unsealed, no warnings, and points at the deploy and the post-deploy test", () => {
        const summary = joined(part(text, "Summary:"));
        assert.match(summary, /stack prod, production tier: /);
        assert.match(
            summary,
            /buckets 4: aws 2, b2 1, r2 1 identities 12: aws 4, b2 4, r2 4 hosts 4: db1, db2, files1, monitor1 sections 12 in rcloneConfig sealed no: hostKeys is unset/,
        );
        assert.match(summary, /warnings none$/);
        assert.deepEqual(
            part(text, "Next").map((l) => l.trim()),
            [
                "Next (docs/deploying.md):",
                "pulumi preview -s prod --policy-pack policies",
                "pulumi up -s prod --policy-pack policies",
                "after the deploy, prove every section:",
                "npm run postdeploy -- --stack prod",
            ],
        );
        assert.equal(text.split("\n").at(-1), "    npm run postdeploy -- --stack prod", "the text ends with the next step");
    });
});

describe("the keys part's per-key notes", () => {
    const entry = (credential: string, keys?: PermissionEntry["keys"]): PermissionEntry => ({
        environment: "prod",
        credential,
        provider: "aws",
        remote: "aws-main",
        bucket: "b",
        prefix: "db/",
        role: "copy",
        hosts: ["db1", "db2"],
        intended: ["list", "write"],
        grants: [],
        effective: { list: "allowed", read: "denied", write: "allowed", delete: "denied" },
        prefixEnforced: true,
        deviations: [],
        protections: {} as PermissionEntry["protections"],
        ...(keys ? { keys } : {}),
    });
    const remotes: RemoteSummary[] = [];
    const context = { stack: "prod", now: BEFORE_GRACE };

    it("lists only credentials with something to say; the rest on one line by name", () => {
        const dated = entry("db-archive", {
            maxKeyAgeDays: 30,
            graceDays: 7,
            generations: [
                { host: "db1", generation: 3, issued: "2026-05-20", expiresOn: "2026-06-26T00:00:00Z", current: true },
                { host: "db2", generation: 1, issued: "2026-05-20", expiresOn: "2026-06-26T00:00:00Z", current: true },
            ],
        });
        const { lines, warnings } = renderKeys(
            plannedKeys([dated, entry("files-mirror"), entry("restore-check")], remotes),
            [retiringNote, graceWarning],
            context,
            100,
        );
        assert.deepEqual(lines, [
            "  db-archive (copy, aws aws-main): max age 30 days + 7 days of grace",
            "    db1  g3  issued 2026-05-20  expires 2026-06-26",
            "    db2  g1  issued 2026-05-20  expires 2026-06-26",
            "  files-mirror, restore-check: generation 1 on every host, no issue date, no maximum age",
            "    (docs/rotation.md)",
        ]);
        assert.deepEqual(warnings, []);
    });

    it("takes notes from any feature: a key with a note is listed under its row even without rotation", () => {
        const addresses: KeyDetail = (key) => (key.host === "db2" ? [{ text: "from 198.51.100.0/24" }] : []);
        const { lines } = renderKeys(plannedKeys([entry("db-archive")], remotes), [retiringNote, graceWarning, addresses], context, 100);
        assert.deepEqual(lines, [
            "  db-archive (copy, aws aws-main): no maximum age",
            "    db1  g1  undated  no expiry",
            "    db2  g1  undated  no expiry",
            "        from 198.51.100.0/24",
        ]);
    });
});
