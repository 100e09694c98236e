/**
 * The diff reads what each key can do and for how long from the resources'
 * inputs, not from the config: the cases of issue 20 on the example stacks'
 * real offline plans (each planned in-process), the merge with the
 * matrix-level changes (one finding per change), and matching resources
 * across both URN forms.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { redactPlan } from "../../cli/plan/redact";
import { runPlan } from "../../cli/plan/run";
import { FIXTURE_NOW } from "../rotation/helpers";
import { parseStackConfig } from "../../cli/plan/stack-config";
import { diffMatrices } from "../../cli/permissions-diff/diff";
import { matrixFromPlan, type PermissionMatrix } from "../../cli/permissions-diff/matrix";
import { exampleText, root } from "../rotation/helpers";

const planned = new Map<string, unknown>();

/** The example stack's plan as `npm run plan -- --json` prints it, after `edit` of its stack file (each text planned once). */
async function planJson(stack: string, edit: (text: string) => string = (t) => t): Promise<unknown> {
    const text = edit(exampleText(stack));
    if (!planned.has(text)) {
        const plan = await runPlan(stack, { projectDir: root, config: parseStackConfig(text, `Pulumi.${stack}.yaml`), now: () => FIXTURE_NOW });
        planned.set(text, JSON.parse(JSON.stringify(redactPlan(plan))));
    }
    return structuredClone(planned.get(text));
}

const matrix = (plan: unknown): PermissionMatrix => matrixFromPlan(plan, "test plan");

function changes(base: unknown, head: unknown): string[] {
    return diffMatrices(matrix(base), matrix(head)).changes.map((c) => `${c.escalation ? "!" : ""}${c.kind}: ${c.summary}`);
}

function edited(from: string, to: string): (text: string) => string {
    return (text) => {
        assert.ok(text.includes(from), `fixture drifted: the stack file no longer contains ${JSON.stringify(from)}`);
        return text.replace(from, to);
    };
}

const tokensExpire = (instant: string) => edited("      tokens:\n", `      tokens:\n        expiresOn: "${instant}"\n`);
const R2_TOKENS = "tokens of `r2-db-archive` (db1, db2), `r2-files-mirror` (files1) and `r2-restore-check` (monitor1)";

describe("issue 20: what the config said nothing about", () => {
    it("R2 tokens.expiresOn moved later is an escalation of every token on the remote, said once", async () => {
        assert.deepEqual(changes(await planJson("prod", tokensExpire("2027-12-31T00:00:00Z")), await planJson("prod", tokensExpire("2099-12-31T00:00:00Z"))), [
            `!input-widened: ${R2_TOKENS}: \`expiresOn\` \`2027-12-31T00:00:00Z\` → \`2099-12-31T00:00:00Z\`: expires later`,
        ]);
    });

    it("R2 tokens.expiresOn removed is an escalation; brought forward is a reduction", async () => {
        const base = await planJson("prod", tokensExpire("2027-12-31T00:00:00Z"));
        assert.deepEqual(changes(base, await planJson("prod")), [
            `!input-widened: ${R2_TOKENS}: \`expiresOn\` \`2027-12-31T00:00:00Z\` → never: no longer expires`,
        ]);
        assert.deepEqual(changes(base, await planJson("prod", tokensExpire("2027-06-30T00:00:00Z"))), [
            `input-narrowed: ${R2_TOKENS}: \`expiresOn\` \`2027-12-31T00:00:00Z\` → \`2027-06-30T00:00:00Z\`: expires sooner`,
        ]);
    });

    it("prod B2 keyLifetimeDays removed: the keys no longer expire, and every live key of the remote is replaced", async () => {
        assert.deepEqual(changes(await planJson("prod"), await planJson("prod", edited("      keyLifetimeDays: 365\n", ""))), [
            "!input-widened: application keys of `b2-db-archive` (db1, db2), `b2-files-mirror` (files1) and `b2-restore-check` (monitor1): " +
                "`validDurationInSeconds` 31536000 (365 days) → never: no longer expires",
            "keys-replaced: `pulumi up` replaces 4 live keys of `b2-vault` (`b2-db-archive` on db1, db2; `b2-files-mirror` on files1; " +
                "`b2-restore-check` on monitor1): the provider cannot change `validDurationInSeconds` in place; hosts must fetch their config again",
        ]);
    });

    it("a change the keys take in place replaces none: a host's address range widened", async () => {
        const found = changes(await planJson("prod"), await planJson("prod", edited("db1: [198.51.100.10/32,", "db1: [198.51.100.0/24,")));
        // Only db1's keys widen (its AWS user policy and its R2 token), in place: no key is replaced.
        assert.deepEqual(found, [
            "!input-widened: `db-archive` inline policy (db1): statements `ListWithinPrefix`, `ObjectsWithinPrefix`, `PutObjectAclWithinPrefix`, " +
                "`KmsThroughS3ForThisBucket`: `Condition IpAddress aws:SourceIp` +198.51.100.0/24, −198.51.100.10/32",
            "!input-widened: `r2-db-archive` token (db1): `condition.requestIp.ins` +198.51.100.0/24, −198.51.100.10/32",
        ]);
    });
});

const HOSTS: Readonly<Record<string, string>> = { "db-archive": "db1", "files-mirror": "files1", "restore-check": "monitor1" };
const rotated = (maxKeyAgeDays: number) => (text: string) =>
    `${text}  backup-remotes:keyRotation: { maxKeyAgeDays: ${maxKeyAgeDays}, graceDays: 14 }
  backup-remotes:keyGenerations:
${Object.entries(HOSTS)
    .flatMap(([c, host]) => ["", "r2-", "b2-"].map((p) => `    ${p}${c}:\n      ${host}: [{ generation: 2, issued: "2026-05-01" }]`))
    .join("\n")}
`;

describe("one finding per change: the matrix's words where they are right", () => {
    it("maxKeyAgeDays 90 → 900 is still reported per credential, once, and replaces no B2 key", async () => {
        const found = changes(await planJson("staging", rotated(90)), await planJson("staging", rotated(900)));
        assert.equal(found.length, 9, found.join("\n"));
        assert.ok(
            found.every((c) => c.startsWith("!expiry-moved: ")),
            found.join("\n"),
        );
        assert.ok(
            found.includes(
                "!expiry-moved: `db-archive` keys expire later: db1 generation 2 2026-08-13 → 2028-10-31 " +
                    "(maximum key age 90 days + 14 grace → 900 days + 14 grace)",
            ),
            found.join("\n"),
        );
        assert.match(found.find((c) => c.includes("`b2-db-archive`"))!, /this applies from each host's next generation/);
    });

    it("a role change says the capability gained, not again the actions and B2 capabilities that grant it; the B2 keys it replaces are named", async () => {
        const toSync = (c: string) => edited(`    ${c}:\n      role: copy`, `    ${c}:\n      role: sync`);
        const found = changes(await planJson("staging"), await planJson("staging", (t) => toSync("b2-db-archive")(toSync("db-archive")(t))));
        assert.deepEqual(
            found.filter((c) => c.startsWith("!")),
            [
                "!capability-gained: `b2-db-archive` can now read (was denied)",
                "!capability-gained: `db-archive` can now read (was denied)",
                "!capability-gained: `db-archive` can now delete (was denied)",
            ],
        );
        assert.ok(!found.some((c) => c.includes("input-")), found.join("\n"));
        assert.ok(
            found.includes(
                "keys-replaced: `pulumi up` replaces 1 live key of `b2-vault` (`b2-db-archive` on db1): " +
                    "the provider cannot change `capabilities` in place; hosts must fetch their config again",
            ),
            found.join("\n"),
        );
    });

    it("an action the capabilities do not show is an escalation in place of the matrix's grant list", async () => {
        const base = matrix(await planJson("staging"));
        const key = "aws:iam/userPolicy:UserPolicy::db-archive-db1-policy";
        const resource = base.keyResources![key]!;
        const inputs = resource.inputs as { policy: string };
        const head: PermissionMatrix = {
            ...base,
            credentials: {
                ...base.credentials,
                "db-archive": { ...base.credentials["db-archive"]!, grants: [...base.credentials["db-archive"]!.grants!, "s3:PutObjectAcl"] },
            },
            keyResources: {
                ...base.keyResources,
                [key]: { ...resource, inputs: { ...inputs, policy: inputs.policy.replace('"s3:PutObject",', '"s3:PutObject","s3:PutObjectAcl",') } },
            },
        };
        assert.deepEqual(
            diffMatrices(base, head).changes.map((c) => `${c.escalation ? "!" : ""}${c.kind}: ${c.summary}`),
            ["!input-widened: `db-archive` inline policy (db1): statement `ObjectsWithinPrefix`: `Action` +s3:PutObjectAcl"],
        );
    });

    it("names and tags that follow a matrix change are not said again; alone, they are said as neutral", async () => {
        const base = await planJson("staging");
        const narrowed = changes(
            base,
            await planJson(
                "staging",
                edited("      prefix: db/\n      hosts: [db1]\n    files-mirror", "      prefix: db/pg/\n      hosts: [db1]\n    files-mirror"),
            ),
        );
        assert.deepEqual(narrowed, ["prefix-narrowed: `db-archive` prefix narrowed: `acme-backup-staging-main/db/` → `acme-backup-staging-main/db/pg/`"]);
        const m = matrix(base);
        const key = "aws:iam/user:User::db-archive-db1";
        const user = m.keyResources![key]!;
        const retagged = { ...m, keyResources: { ...m.keyResources, [key]: { ...user, inputs: { ...(user.inputs as object), path: "/other/" } } } };
        assert.deepEqual(
            diffMatrices(m, retagged).changes.map((c) => c.summary),
            ["`db-archive` IAM user (db1): `path` `/backup/staging/` → `/other/`"],
        );
    });
});

describe("resources are matched by type and name, whatever URN form a plan prints", () => {
    it("the same plan with engine-shaped URNs (the full parent type chain) is no change", async () => {
        const plan = (await planJson("prod")) as { resources: { urn: string; parent: string | null }[] };
        const engineShaped = (urn: string) =>
            urn.replace("::backup-remotes::backup-remotes:", "::backup-remotes::backup-remotes:index:BackupEnvironment$backup-remotes:");
        const head = {
            ...plan,
            resources: plan.resources.map((r) => ({ ...r, urn: engineShaped(r.urn), parent: r.parent === null ? null : engineShaped(r.parent) })),
        };
        assert.notDeepEqual(head, plan);
        assert.deepEqual(changes(plan, head), []);
    });

    it("a base whose plan records no inputs is compared by its matrix alone", async () => {
        const plan = (await planJson("prod")) as { resources: Record<string, unknown>[] };
        const bare = { ...plan, resources: plan.resources.map(({ inputs: _i, ...r }) => r) };
        assert.equal(matrix(bare).keyResources, undefined);
        assert.deepEqual(changes(bare, await planJson("prod", edited("      keyLifetimeDays: 365\n", ""))), []);
    });
});
