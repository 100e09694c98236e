/**
 * Upgrading is safe: generation 1 is the identity every deployment already
 * has, under the same identity names, logical names and URNs, with the same
 * inputs — so adding rotation replaces no key. Proven against the reviewed
 * plan snapshots (test/golden/plan/*.json), which stay byte-identical for
 * configs without rotation (test/plan/snapshot.test.ts).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { redactPlan, type RedactedPlan } from "../../cli/plan/redact";
import { planWith, root } from "./helpers";

type Resource = RedactedPlan["resources"][number];

const golden = (stack: string): RedactedPlan => JSON.parse(fs.readFileSync(path.join(root, "test/golden/plan", `${stack}.json`), "utf8")) as RedactedPlan;
const byUrn = (resources: readonly Resource[]) => new Map(resources.map((r) => [r.urn, JSON.stringify(r)]));

/** Every (credential, host) of the stack listed at `generations`. */
function listing(stack: string, pairs: (c: string, h: string) => string): string {
    const g = golden(stack);
    const perms = g.outputs.permissions as { credential: string; hosts: string[] }[];
    return (
        "\n  backup-remotes:keyGenerations:\n" +
        perms.map((p) => `    ${p.credential}:\n${p.hosts.map((h) => `      ${h}: ${pairs(p.credential, h)}`).join("\n")}`).join("\n") +
        "\n"
    );
}

for (const stack of ["staging", "prod"]) {
    describe(`upgrading ${stack}`, () => {
        it("listing every key as generation 1 (with its issue date) changes no resource, byte for byte", async () => {
            const plan = JSON.parse(
                JSON.stringify(
                    redactPlan(
                        await planWith(
                            stack,
                            listing(stack, () => '[{ generation: 1, issued: "2026-01-15" }]'),
                        ),
                    ),
                ),
            ) as RedactedPlan;
            assert.equal(JSON.stringify(plan.resources), JSON.stringify(golden(stack).resources));
            assert.equal(JSON.stringify(plan.sections), JSON.stringify(golden(stack).sections));
        });

        it("rotating every key keeps each generation-1 resource exactly as the snapshot has it and only adds the -g2 ones", async () => {
            const plan = redactPlan(
                await planWith(
                    stack,
                    listing(stack, () => '[{ generation: 1 }, { generation: 2, issued: "2026-05-01" }]'),
                ),
            );
            const before = byUrn(golden(stack).resources);
            const after = byUrn(JSON.parse(JSON.stringify(plan.resources)) as Resource[]);
            for (const [urn, json] of before) assert.equal(after.get(urn), json, `changed or gone: ${urn}`);
            const added = [...after.keys()].filter((u) => !before.has(u));
            assert.ok(added.length > 0);
            for (const urn of added) assert.match(urn, /-g2(-key|-policy)?$/, `only new-generation resources are added: ${urn}`);
            const identities = (p: { resources: readonly Resource[] }) =>
                p.resources.filter((r) => /(iam\/user:User|applicationKey:ApplicationKey|accountToken:AccountToken)$/.test(r.type)).length;
            assert.equal(identities(plan), 2 * identities(golden(stack)), "two identities per (credential, host) while rotating");
        });
    });
}
