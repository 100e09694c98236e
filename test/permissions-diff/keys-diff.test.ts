/** The permission diff classifies rotation by value: its own kinds, never escalations — unless a key now lives longer. */
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { diffMatrices } from "../../cli/permissions-diff/diff";
import type { CredentialFacts, KeyFacts, PermissionMatrix } from "../../cli/permissions-diff/matrix";

function credential(over: Partial<CredentialFacts> = {}): CredentialFacts {
    return {
        credential: "db-archive",
        provider: "aws",
        remote: "aws-main",
        bucket: "acme-backup-staging-main",
        prefix: "db/",
        prefixEnforced: true,
        role: "copy",
        hosts: ["db1", "db2"],
        effective: { list: "allowed", read: "denied", write: "allowed", delete: "denied" },
        deviations: {},
        ...over,
    };
}

const matrix = (c: CredentialFacts): PermissionMatrix => ({ environment: "staging", credentials: { [c.credential]: c }, buckets: {} });
const keys = (generations: KeyFacts["generations"], maxKeyAgeDays?: number): KeyFacts => ({
    ...(maxKeyAgeDays !== undefined ? { maxKeyAgeDays, graceDays: 14 } : {}),
    generations,
});
const g = (host: string, generation: number, issued?: string, expiresOn?: string) => ({
    host,
    generation,
    ...(issued ? { issued } : {}),
    ...(expiresOn ? { expiresOn } : {}),
});

function changes(base: Partial<CredentialFacts>, head: Partial<CredentialFacts>) {
    return diffMatrices(matrix(credential(base)), matrix(credential(head))).changes.map((c) => ({
        kind: `${c.escalation ? "!" : ""}${c.kind}`,
        summary: c.summary,
    }));
}
const kinds = (base: Partial<CredentialFacts>, head: Partial<CredentialFacts>) => changes(base, head).map((c) => c.kind);

const DATED = keys([g("db1", 2, "2026-05-01", "2026-08-13T00:00:00Z"), g("db2", 2, "2026-05-01", "2026-08-13T00:00:00Z")], 90);

test("a deployment that starts listing its generation-1 keys changes nothing", () => {
    assert.deepEqual(kinds({}, { keys: keys([g("db1", 1), g("db2", 1)]) }), []);
});

test("a generation issued beside the old one is its own kind, not an escalation", () => {
    const c = changes({}, { keys: keys([g("db1", 1), g("db1", 2, "2026-05-01"), g("db2", 1)]) });
    assert.deepEqual(c, [
        {
            kind: "generation-issued",
            summary:
                "`db-archive` new key generation: db1 generation 2 issued 2026-05-01; the outputs carry it, the previous generation stays valid until retired",
        },
    ]);
});

test("a generation retired", () => {
    assert.deepEqual(kinds({ keys: keys([g("db1", 1), g("db1", 2, "2026-05-01"), g("db2", 1)]) }, { keys: keys([g("db1", 2, "2026-05-01"), g("db2", 1)]) }), [
        "generation-retired",
    ]);
});

test("a host's keys revoked (the host removed), all its generations", () => {
    const c = changes({ keys: keys([g("db1", 1), g("db2", 1), g("db2", 2, "2026-05-01")]) }, { hosts: ["db1"], keys: keys([g("db1", 1)]) });
    assert.deepEqual(c, [{ kind: "keys-revoked", summary: "`db-archive` keys revoked on db2 (generation 1, 2): `pulumi up` deletes them" }]);
});

test("an expiry moved sooner is not an escalation; later, or removed, is", () => {
    const sooner = changes(
        { keys: DATED },
        { keys: keys([g("db1", 2, "2026-05-01", "2026-06-14T00:00:00Z"), g("db2", 2, "2026-05-01", "2026-06-14T00:00:00Z")], 30) },
    );
    assert.deepEqual(sooner, [
        {
            kind: "expiry-moved",
            summary:
                "`db-archive` keys expire sooner: db1 generation 2 2026-08-13 → 2026-06-14; db2 generation 2 2026-08-13 → 2026-06-14 (maximum key age 90 days + 14 grace → 30 days + 14 grace)",
        },
    ]);
    assert.deepEqual(
        kinds({ keys: DATED }, { keys: keys([g("db1", 2, "2026-05-01", "2026-09-01T00:00:00Z"), g("db2", 2, "2026-05-01", "2026-08-13T00:00:00Z")], 90) }),
        ["!expiry-moved"],
        "an issue date edited later extends the key",
    );
    assert.deepEqual(kinds({ keys: DATED }, { keys: keys([g("db1", 2, "2026-05-01"), g("db2", 2, "2026-05-01")]) }), ["!expiry-removed"]);
    assert.deepEqual(kinds({ keys: keys([g("db1", 2, "2026-05-01"), g("db2", 2, "2026-05-01")]) }, { keys: DATED }), ["expiry-added"]);
});

test("escalations come first; on B2 a moved expiry says it reaches keys with their next generation", () => {
    const c = changes(
        { provider: "b2", keys: DATED },
        { provider: "b2", hosts: ["db1", "db3"], keys: keys([g("db1", 2, "2026-05-01", "2027-01-01T00:00:00Z"), g("db3", 1)], 200) },
    );
    assert.deepEqual(
        c.map((x) => x.kind),
        ["!hosts-added", "!expiry-moved", "keys-revoked"],
    );
    assert.match(
        c[1]!.summary,
        /expire later: db1 generation 2 2026-08-13 → 2027-01-01 \(maximum key age 90 days \+ 14 grace → 200 days \+ 14 grace\) \(live keys keep the lifetime they were created with; this applies from each host's next generation\)/,
    );
});
