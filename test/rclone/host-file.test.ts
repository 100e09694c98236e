/**
 * The host file states, for each section, its role, path, flags and job line
 * as comment lines; rclone 1.60 (the real binary) reads the file as if they
 * were not there and keeps them when it rewrites the file itself.
 */
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { type HostSection, renderHostFile } from "../../components/rclone/host-file";
import { jobLine, parseUsageComments, usageComments } from "../../components/rclone/host-job";
import { iniMarker } from "../../components/rclone/marker";
import { rclone, rcloneAccepts, rcloneDump, read, tempDir } from "../pull-config/helpers";

const S3 = { type: "s3", provider: "AWS", access_key_id: "AKIDEXAMPLE", secret_access_key: "example/secret", region: "eu-west-1" };

const SECTIONS: HostSection[] = [
    { name: "prod-db-archive", options: { ...S3, no_head: "true" }, usage: { role: "copy", path: "acme-prod/db/", flags: ["--ignore-existing"] } },
    { name: "prod-files-mirror", options: S3, usage: { role: "sync", path: "acme-prod/files/", flags: [] } },
    { name: "prod-restore-check", options: S3, usage: { role: "verify", path: "acme-prod/", flags: [] } },
];

// Written by hand and reviewed line by line: what a host reads in its file.
const EXPECTED = `${iniMarker("prod")}
[prod-db-archive]
# role: copy (may list, write; may not read, delete)
# path: prod-db-archive:acme-prod/db/
# flags: --ignore-existing
# job: rclone --config /etc/rclone/prod.conf copy --ignore-existing /path/to/source prod-db-archive:acme-prod/db/
#   /path/to/source is yours: the directory to back up; --config: where this file is installed
type = s3
provider = AWS
access_key_id = AKIDEXAMPLE
secret_access_key = example/secret
region = eu-west-1
no_head = true

${iniMarker("prod")}
[prod-files-mirror]
# role: sync (may list, read, write, delete)
# path: prod-files-mirror:acme-prod/files/
# flags: none
# job: rclone --config /etc/rclone/prod.conf sync /path/to/source prod-files-mirror:acme-prod/files/
#   /path/to/source is yours: the directory to mirror (what it no longer has is deleted there); --config: where this file is installed
type = s3
provider = AWS
access_key_id = AKIDEXAMPLE
secret_access_key = example/secret
region = eu-west-1

${iniMarker("prod")}
[prod-restore-check]
# role: verify (may list, read; may not write, delete)
# path: prod-restore-check:acme-prod/
# flags: none
# job: rclone --config /etc/rclone/prod.conf check --one-way /path/to/source prod-restore-check:acme-prod/
#   /path/to/source is yours: the directory that was backed up (each file must be there, same checksum); --config: where this file is installed
type = s3
provider = AWS
access_key_id = AKIDEXAMPLE
secret_access_key = example/secret
region = eu-west-1
`;

test("each section says its role, path, flags and job line under its header", () => {
    assert.equal(renderHostFile("prod", SECTIONS), EXPECTED);
});

test("rclone reads the file as if the comments were not there, and keeps them when it rewrites the file", async (t) => {
    const conf = join(tempDir(t), "prod.conf");
    writeFileSync(conf, EXPECTED + "\n[nas]\ntype = local\n", { mode: 0o600 });
    assert.ok(await rcloneAccepts(conf));
    assert.equal(await rclone(["listremotes", "--config", conf]), "nas:\nprod-db-archive:\nprod-files-mirror:\nprod-restore-check:\n");
    assert.deepEqual(await rcloneDump(conf), { nas: { type: "local" }, ...Object.fromEntries(SECTIONS.map((s) => [s.name, { ...s.options }])) });
    // rclone writes the whole file back when a remote changes (here one the host added itself).
    await rclone(["config", "update", "nas", "copy_links", "true", "--config", conf]);
    const rewritten = read(conf);
    for (const line of EXPECTED.split("\n").filter((l) => l.startsWith("#"))) assert.ok(rewritten.includes(`${line}\n`), `rclone dropped: ${line}`);
});

test("the comments read back to the usage they were written from; anything else is not ours", () => {
    for (const s of SECTIONS) assert.deepEqual(parseUsageComments(s.name, usageComments("prod", s.name, s.usage)), s.usage);
    const lines = usageComments("prod", "prod-db-archive", SECTIONS[0]!.usage);
    assert.equal(parseUsageComments("prod-other", lines), undefined, "a path of another section");
    assert.equal(
        parseUsageComments(
            "prod-db-archive",
            lines.filter((l) => !l.startsWith("# role:")),
        ),
        undefined,
    );
    assert.equal(
        parseUsageComments(
            "prod-db-archive",
            lines.map((l) => l.replace("# role: copy", "# role: admin")),
        ),
        undefined,
    );
});

test("a path the shell would split or expand is quoted in the job line; a line break is refused", () => {
    assert.equal(
        jobLine("prod", "prod-x", { role: "sync", path: "b/it's here/", flags: [] }),
        "rclone --config /etc/rclone/prod.conf sync /path/to/source 'prod-x:b/it'\\''s here/'",
    );
    assert.throws(() => renderHostFile("prod", [{ ...SECTIONS[1]!, usage: { role: "sync", path: "b/x\n[evil]", flags: [] } }]), /line break/);
});
