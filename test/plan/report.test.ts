/**
 * The plan's text output as a person reads it in a terminal: every line
 * within the width (100, 80, 60 columns, measured as a terminal shows them)
 * on both example stacks, a generated large one and a sealed one whose keys
 * rotate; the resources as a tree with each component's resources indented
 * under it; and what happens to what cannot wrap.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { redactPlan, type RedactedPlan } from "../../cli/plan/redact";
import { renderPlanText } from "../../cli/plan/report";
import { displayType, renderResourceTree } from "../../cli/plan/resource-tree";
import { runPlan } from "../../cli/plan/run";
import { displayWidth, shellLines, TEXT_WIDTH, wrapText } from "../../cli/plan/text-layout";
import { textStacks, type TextStack } from "./text-stacks";

const root = path.resolve(__dirname, "..", "..");

describe("every line of the plan's text fits the width", () => {
    let stacks: TextStack[];
    before(async () => {
        stacks = await textStacks();
    });

    for (const width of [100, 80, 60]) {
        it(`at ${width} columns, on staging, prod, a generated large stack and a sealed stack whose keys rotate`, () => {
            assert.equal(stacks.length, 4);
            for (const s of stacks) {
                const lines = renderPlanText(s.redacted, s.plan.identityUsage, { width, now: s.now }).split("\n");
                assert.deepEqual(
                    lines.filter((l) => displayWidth(l) > width),
                    [],
                    `${s.name} at ${width}`,
                );
                // Narrower is not emptier: every resource and section is still named.
                for (const r of s.redacted.resources)
                    assert.ok(
                        lines.some((l) => l.includes(r.name)),
                        `${s.name} at ${width}: ${r.name}`,
                    );
                for (const sec of s.redacted.sections) assert.ok(lines.includes(`[${sec.name}]`), `${s.name} at ${width}: [${sec.name}]`);
            }
        });
    }
});

describe("text layout", () => {
    it("measures display columns: box-drawing characters take one, wide characters two, combining marks none", () => {
        assert.equal(displayWidth("│  ├─ a"), 7);
        assert.equal(displayWidth("バックアップ"), 12);
        assert.equal(displayWidth("cafe\u0301"), 4);
    });

    it("wraps by display width, so wide characters never pass the width", () => {
        // Counted independently of displayWidth: each of these katakana takes two columns.
        const columns = (l: string) => l.replace(/[\u30a0-\u30ff]/g, "xx").length;
        const lines = wrapText("バックアップ ".repeat(12), "  ", "    ", 30);
        assert.ok(lines.length > 1);
        assert.deepEqual(
            lines.filter((l) => columns(l) > 30),
            [],
        );
        assert.ok(
            lines.some((l) => columns(l) > 24),
            "and fills its lines",
        );
    });

    it("cuts a word longer than a line (an ARN, an age key) after a separator, the pieces in order", () => {
        const arn = "arn:aws:kms:eu-central-1:111122223333:key/0d6f7a2e-5c1b-4b8e-9f3a-2c4d6e8f0a1b";
        const lines = wrapText(`sse_kms_key_id = ${arn}`, "", "    ", 60);
        assert.deepEqual(
            lines.filter((l) => displayWidth(l) > 60),
            [],
        );
        assert.equal(lines.join("").replace(/\s+/g, ""), `sse_kms_key_id=${arn}`);
        assert.match(lines[0]!, /[/:.\-_,=]$/, "cut after a separator");
    });

    it("never cuts a job line's shell word: continuation lines indent less, and a word wider than the line is printed whole", () => {
        const path = "staging-r2-files-mirror:acme-backup-staging-offsite/files/";
        const words = ["rclone", "--config", "/etc/rclone/staging.conf", "sync", "/path/to/source", path];
        const fitted = shellLines(words, "      ", 60);
        assert.deepEqual(
            fitted.filter((l) => displayWidth(l) > 60),
            [],
        );
        assert.ok(fitted.includes(`  ${path}`), "the long word on a continuation line indented less");
        const tooLong = `${path}${"x".repeat(30)}`;
        const over = shellLines([...words.slice(0, -1), tooLong], "      ", 60);
        assert.deepEqual(
            over.filter((l) => displayWidth(l) > 60),
            [tooLong],
            "only the word itself, on a line of its own",
        );
        assert.equal(
            over
                .join("\n")
                .replace(/ \\\n\s*/g, " ")
                .trim(),
            [...words.slice(0, -1), tooLong].join(" "),
        );
    });
});

/** Where a resource's row is and how deep its name is indented. */
function rowOf(lines: readonly string[], r: RedactedPlan["resources"][number]): { index: number; indent: number } {
    const pattern = new RegExp(`^([│├└─ ]*)${r.name.replace(/[.]/g, "\\.")}\\s+${displayType(r.type)}(\\s|$)`);
    const index = lines.findIndex((l) => pattern.test(l));
    assert.ok(index >= 0, `no row for ${r.type} ${r.name}`);
    return { index, indent: pattern.exec(lines[index]!)![1]!.length };
}

for (const stack of ["staging", "prod"]) {
    describe(`plan text of the ${stack} example`, () => {
        let plan: RedactedPlan;
        let lines: string[];
        before(async () => {
            plan = redactPlan(await runPlan(stack, { projectDir: root }));
            lines = renderPlanText(plan).split("\n");
        });

        it("shows every resource once, each under its parent and indented deeper", () => {
            const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
            for (const r of plan.resources) {
                const row = rowOf(lines, r);
                const parent = r.parent === null ? undefined : byUrn.get(r.parent);
                if (parent === undefined) {
                    assert.equal(row.indent, 0, `${r.name} is a root`);
                    continue;
                }
                const up = rowOf(lines, parent);
                assert.ok(row.index > up.index, `${r.name} comes after its parent ${parent.name}`);
                assert.equal(row.indent, up.indent + 3, `${r.name} is one level under ${parent.name}`);
                // Nothing but the parent's other descendants between them.
                for (const l of lines.slice(up.index + 1, row.index)) assert.match(l, new RegExp(`^.{${up.indent}}[│├└]`));
            }
        });

        it("marks protected resources (in prod: every bucket resource)", () => {
            for (const r of plan.resources.filter((x) => x.protect)) assert.match(lines[rowOf(lines, r).index]!, /\syes$/);
            if (stack === "prod") assert.ok(plan.resources.some((r) => r.protect));
        });
    });
}

describe("resource tree layout", () => {
    it("shows type tokens the way Pulumi displays them", () => {
        assert.equal(
            displayType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
            "aws:s3:BucketServerSideEncryptionConfiguration",
        );
        assert.equal(displayType("b2:index/applicationKey:ApplicationKey"), "b2:index:ApplicationKey");
        assert.equal(displayType("backup-remotes:aws:Credential"), "backup-remotes:aws:Credential");
    });

    it("puts each type (and protection) under its name when names are too long for one line, still within the width", () => {
        const long = "a-credential-name-of-someone-who-likes-long-names-very-much-indeed.host-fqdn";
        const res = (name: string, type: string, parent: string | null, protect = false) => ({
            type,
            name,
            parent,
            urn: `urn:${name}`,
            protect,
            retainOnDelete: false,
            inputs: {},
            outputs: {},
        });
        const lines = renderResourceTree([
            res("prod", "backup-remotes:index:BackupEnvironment", null),
            res(long, "backup-remotes:aws:Credential", "urn:prod"),
            res(`${long}-policy`, "aws:iam/userPolicy:UserPolicy", `urn:${long}`, true),
        ]);
        assert.deepEqual(
            lines.filter((l) => displayWidth(l) > TEXT_WIDTH),
            [],
        );
        assert.deepEqual(lines.slice(1), [
            "prod",
            "│  backup-remotes:index:BackupEnvironment",
            `└─ ${long}`,
            "   │  backup-remotes:aws:Credential",
            `   └─ ${long}-policy`,
            "         aws:iam:UserPolicy  (protected)",
        ]);
    });
});
