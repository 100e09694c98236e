import { strict as assert } from "node:assert";
import { test } from "node:test";
import { diffMatrices } from "../../cli/permissions-diff/diff";
import { matrixFromPlan, type BucketState, type CredentialFacts, type PermissionMatrix } from "../../cli/permissions-diff/matrix";
import { renderMarkdown, reportJson } from "../../cli/permissions-diff/render";
import type { Protections } from "../../components/permissions/protections";

const PROTECTIONS: Protections = {
    versioning: { state: "enabled", noncurrentDays: 30 },
    locks: [],
    abortIncompleteUploadsDays: 7,
    transitions: [],
    encryption: "AES256",
    publicAccess: "blocked",
    tlsOnly: true,
    summary: [
        "versioning (noncurrent versions kept 30 days)",
        "lifecycle: abort incomplete uploads after 7 days",
        "encryption: AES256",
        "public access blocked",
        "TLS only",
    ],
};
const with_ = (over: Partial<Protections>): Protections => ({ ...PROTECTIONS, ...over });

function credential(name: string, over: Partial<CredentialFacts> = {}): CredentialFacts {
    return {
        credential: name,
        provider: "aws",
        remote: "aws-main",
        bucket: "acme-backup-staging-main",
        prefix: "db/",
        prefixEnforced: true,
        role: "copy",
        hosts: ["db1"],
        effective: { list: "allowed", read: "denied", write: "allowed", delete: "denied" },
        deviations: { "write-can-overwrite": "versioning: previous versions are kept 30 days" },
        ...over,
    };
}

function bucket(remote: string, over: Partial<BucketState> = {}): BucketState {
    return { remote, provider: "aws", bucket: "acme-backup-staging-main", protections: PROTECTIONS, pulumiProtected: true, retainOnDelete: true, ...over };
}

function matrix(credentials: CredentialFacts[], buckets: BucketState[] = [bucket("aws-main")]): PermissionMatrix {
    return {
        environment: "staging",
        credentials: Object.fromEntries(credentials.map((c) => [c.credential, c])),
        buckets: Object.fromEntries(buckets.map((b) => [b.remote, b])),
    };
}

const BASE = matrix([credential("db-archive")]);

/** The kinds a change produces, escalations marked with "!". */
function kinds(head: PermissionMatrix, base: PermissionMatrix = BASE): string[] {
    return diffMatrices(base, head).changes.map((c) => `${c.escalation ? "!" : ""}${c.kind}`);
}

const CASES: readonly [string, PermissionMatrix, readonly string[], PermissionMatrix?][] = [
    ["a new credential", matrix([credential("db-archive"), credential("new-copy")]), ["!credential-added"]],
    ["a removed credential", matrix([]), ["credential-removed"]],
    ["a new host (a new key)", matrix([credential("db-archive", { hosts: ["db1", "db2"] })]), ["!hosts-added"]],
    ["a host removed: its keys revoked", matrix([credential("db-archive", { hosts: [] })]), ["keys-revoked"]],
    [
        "a capability gained by a role change",
        matrix([credential("db-archive", { role: "sync", effective: { list: "allowed", read: "allowed", write: "allowed", delete: "allowed" } })]),
        ["!capability-gained", "!capability-gained", "role-changed"],
    ],
    [
        "a capability lost",
        matrix([
            credential("db-archive", { role: "verify", effective: { list: "allowed", read: "allowed", write: "denied", delete: "denied" }, deviations: {} }),
        ]),
        ["!capability-gained", "role-changed", "capability-lost", "deviation-removed"],
    ],
    [
        "B2 hide-only counts as gaining delete",
        matrix([credential("db-archive", { effective: { list: "allowed", read: "denied", write: "allowed", delete: "hide-only" } })]),
        ["!capability-gained"],
    ],
    ["a prefix widened to the whole bucket", matrix([credential("db-archive", { prefix: "" })]), ["!prefix-widened"]],
    [
        "a prefix widened to a parent",
        matrix([credential("db-archive", { prefix: "db/" })]),
        ["!prefix-widened"],
        matrix([credential("db-archive", { prefix: "db/pg/" })]),
    ],
    ["a prefix narrowed", matrix([credential("db-archive", { prefix: "db/pg/" })]), ["prefix-narrowed"]],
    ["a prefix moved sideways", matrix([credential("db-archive", { prefix: "files/" })]), ["!scope-moved"]],
    ["a prefix no longer enforced (provider change)", matrix([credential("db-archive", { prefixEnforced: false })]), ["!prefix-widened"]],
    ["another bucket", matrix([credential("db-archive", { bucket: "acme-backup-staging-other" })]), ["!scope-moved"]],
    [
        "a new deviation",
        matrix([
            credential("db-archive", {
                deviations: {
                    "write-can-overwrite": "versioning: previous versions are kept 30 days",
                    "r2-write-implies-delete": "none: no bucket lock rule covers this prefix",
                },
            }),
        ]),
        ["!deviation-added"],
    ],
    [
        "a control that became none",
        matrix([credential("db-archive", { deviations: { "write-can-overwrite": "none: the bucket keeps no previous versions" } })]),
        ["!control-changed"],
    ],
    [
        "a bucket added",
        matrix([credential("db-archive")], [bucket("aws-main"), bucket("aws-archive", { bucket: "acme-backup-staging-archive" })]),
        ["bucket-added"],
    ],
    ["a retained bucket removed", matrix([credential("db-archive")], []), ["bucket-removed"]],
    [
        "an unretained bucket removed",
        matrix([credential("db-archive")], []),
        ["!bucket-removed"],
        matrix([credential("db-archive")], [bucket("aws-main", { retainOnDelete: false })]),
    ],
    [
        "versioning off",
        matrix([credential("db-archive")], [bucket("aws-main", { protections: with_({ versioning: { state: "suspended" } }) })]),
        ["!versioning-off"],
    ],
    [
        "versioning retention shortened",
        matrix([credential("db-archive")], [bucket("aws-main", { protections: with_({ versioning: { state: "enabled", noncurrentDays: 7 } }) })]),
        ["!protection-changed"],
    ],
    [
        "versioning retention lengthened",
        matrix([credential("db-archive")], [bucket("aws-main", { protections: with_({ versioning: { state: "enabled", noncurrentDays: 90 } }) })]),
        ["protection-changed"],
    ],
    ["a protection removed", matrix([credential("db-archive")], [bucket("aws-main", { protections: with_({ tlsOnly: false }) })]), ["!protection-removed"]],
    [
        "an object lock added",
        matrix(
            [credential("db-archive")],
            [bucket("aws-main", { protections: with_({ locks: [{ kind: "object-lock", mode: "GOVERNANCE", days: 30, prefixes: [""] }] }) })],
        ),
        ["protection-added"],
    ],
    [
        "objects set to expire",
        matrix(
            [credential("db-archive")],
            [bucket("aws-main", { protections: with_({ expiry: { action: "delete", afterDays: 400, dataGoneAfterDays: 430 } }) })],
        ),
        ["!protection-added"],
    ],
    ["Pulumi protection removed", matrix([credential("db-archive")], [bucket("aws-main", { pulumiProtected: false })]), ["!pulumi-protection-removed"]],
    [
        "Pulumi protection added",
        matrix([credential("db-archive")]),
        ["pulumi-protection-added"],
        matrix([credential("db-archive")], [bucket("aws-main", { pulumiProtected: false })]),
    ],
    [
        "versioning on",
        matrix([credential("db-archive")]),
        ["versioning-on"],
        matrix([credential("db-archive")], [bucket("aws-main", { protections: with_({ versioning: { state: "suspended" } }) })]),
    ],
    [
        "KMS grants for a bucket that now uses aws:kms (capabilities unchanged)",
        matrix([credential("db-archive", { grants: ["s3:ListBucket", "s3:PutObject", "kms:GenerateDataKey", "kms:Decrypt"] })]),
        ["grants-changed"],
        matrix([credential("db-archive", { grants: ["s3:ListBucket", "s3:PutObject"] })]),
    ],
    ["nothing", BASE, []],
];

for (const [name, head, expected, base] of CASES) {
    test(`diff: ${name}`, () => assert.deepEqual(kinds(head, base ?? BASE), expected));
}

test("escalations come first, each environment's other changes after, with the summary a reviewer reads", () => {
    const head = matrix(
        [credential("db-archive", { hosts: [] }), credential("new-copy", { prefix: "new/" })],
        [bucket("aws-main", { protections: with_({ versioning: { state: "suspended" } }) })],
    );
    const diff = diffMatrices(BASE, head);
    assert.deepEqual(
        diff.changes.map((c) => c.kind),
        ["credential-added", "versioning-off", "keys-revoked"],
    );
    assert.equal(
        diff.changes[0]!.summary,
        "new credential `new-copy`: copy (list, write) on aws remote `aws-main`, `acme-backup-staging-main/new/`, hosts db1",
    );

    const md = renderMarkdown({ base: "origin/main", head: "working tree", environments: [diff, diffMatrices(BASE, BASE)] });
    const warning = md.indexOf("### ⚠️ Escalations");
    assert.ok(warning > 0 && warning < md.indexOf("### staging"), "the warning heading comes before the per-environment lists");
    assert.match(md, /\*\*2 escalations\*\*/);
    assert.match(md, /- \*\*staging\*\*: new credential `new-copy`/);
    assert.match(md, /- \*\*staging\*\*: `aws-main` versioning enabled → suspended: overwrites and deletes can no longer be undone/);
    assert.match(md, /### staging\n\n- `db-archive` keys revoked on db1 \(generation 1\): `pulumi up` deletes them\n- 2 escalation\(s\), listed above/);
    assert.match(md, /### staging\n\nNo permission changes\./, "the unchanged environment says so");

    const json = reportJson({ base: "origin/main", head: "working tree", environments: [diff] });
    assert.equal(json.escalations, 2);
    assert.equal(json.changes, 3);
    assert.deepEqual(
        json.environments[0]!.escalations.map((c) => c.kind),
        ["credential-added", "versioning-off"],
    );
    assert.deepEqual(
        json.environments[0]!.changes.map((c) => c.kind),
        ["keys-revoked"],
    );
});

test("no change at all prints one line saying so", () => {
    const md = renderMarkdown({
        base: "origin/main",
        head: "working tree",
        environments: [diffMatrices(BASE, BASE), { ...diffMatrices(BASE, BASE), environment: "prod" }],
    });
    assert.equal(md, "**Permission diff: `origin/main` → working tree**: no permission changes in staging, prod.\n");
    assert.deepEqual(reportJson({ base: "b", head: "h", environments: [diffMatrices(BASE, BASE)] }).changes, 0);
});

test("the matrix is read from a plan: credentials from the permissions output, buckets and their Pulumi protection from resources", () => {
    const urn = (type: string, name: string): string => `urn:pulumi:prod::backup-remotes::${type}::${name}`;
    const component = urn("backup-remotes:aws:BackupBucket", "aws-main");
    const plan = {
        stack: "prod",
        resources: [
            { type: "backup-remotes:aws:BackupBucket", name: "aws-main", parent: null, urn: component, protect: false, retainOnDelete: false },
            {
                type: "aws:s3/bucket:Bucket",
                name: "aws-main",
                parent: component,
                urn: urn("aws:s3/bucket:Bucket", "aws-main"),
                protect: true,
                retainOnDelete: true,
            },
            {
                type: "aws:s3/bucketVersioning:BucketVersioning",
                name: "aws-main-versioning",
                parent: component,
                urn: urn("v", "v"),
                protect: true,
                retainOnDelete: false,
            },
            {
                type: "backup-remotes:aws:BackupBucket",
                name: "aws-spare",
                parent: null,
                urn: urn("backup-remotes:aws:BackupBucket", "aws-spare"),
                protect: false,
                retainOnDelete: false,
            },
        ],
        outputs: {
            permissions: [
                {
                    environment: "prod",
                    credential: "db-archive",
                    provider: "aws",
                    remote: "aws-main",
                    bucket: "acme-backup-prod-main",
                    prefix: "db/",
                    role: "copy",
                    hosts: ["db2", "db1"],
                    intended: ["list", "write"],
                    effective: { list: "allowed", read: "denied", write: "allowed", delete: "denied" },
                    prefixEnforced: true,
                    deviations: [{ id: "write-can-overwrite", capability: "overwrite", description: "d", control: "c" }],
                    protections: PROTECTIONS,
                },
            ],
        },
    };
    const m = matrixFromPlan(plan, "test plan");
    assert.deepEqual(m.credentials["db-archive"]?.hosts, ["db1", "db2"]);
    assert.deepEqual(m.credentials["db-archive"]?.deviations, { "write-can-overwrite": "c" });
    assert.deepEqual(m.buckets["aws-main"], {
        remote: "aws-main",
        provider: "aws",
        bucket: "acme-backup-prod-main",
        protections: PROTECTIONS,
        pulumiProtected: true,
        retainOnDelete: true,
    });
    assert.deepEqual(m.buckets["aws-spare"], { remote: "aws-spare", provider: "aws", pulumiProtected: false, retainOnDelete: false });
    assert.throws(
        () => matrixFromPlan({ stack: "prod", resources: [], outputs: {} }, "old plan"),
        /old plan: the plan JSON is not the shape this diff reads \(outputs\.permissions: /,
    );
});
