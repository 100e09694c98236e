/** The splices rotate makes in a stack file keep every other byte: comments, alignment, quoting, flow or block lists. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { removeHost, setConfigKey, verifyEdit } from "../../cli/rotate/yaml-edit";

const README_STYLE = `config:
  aws:region: eu-west-1
  cloudflare:apiToken: { secure: AAAB }          # scoped API token, never the global key
  backup-remotes:environment: staging
  backup-remotes:protectBuckets: false          # default true; always true in prod
  backup-remotes:credentials:
    db-archive:    { role: copy,   remote: aws-main, prefix: db/,    hosts: [db1, db2] }
    files-mirror:  { role: sync,   remote: aws-main, prefix: files/, hosts: [ files1, "files2" ] }
    restore-check:
      role: verify
      hosts:
        - monitor1   # the dashboard box
        - monitor2
  # rotation below
  backup-remotes:keyGenerations:
    db-archive:
      db1: [{ generation: 1 }]
  # a comment that belongs to the next key
  backup-remotes:remotes: {}
`;

const GENERATIONS = "backup-remotes:keyGenerations";

describe("setConfigKey", () => {
    it("replaces the key's lines in place, keeping the comments around it", () => {
        const value = {
            "db-archive": { db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }] },
            "files-mirror": { "files1.example.org": [{ generation: 3, issued: "2026-05-01" }] },
        };
        const out = setConfigKey(README_STYLE, "f", GENERATIONS, value, 2);
        assert.equal(
            out,
            README_STYLE.replace(
                `    db-archive:
      db1: [{ generation: 1 }]
`,
                `    db-archive:
      db1: [{ generation: 1 }, { generation: 2, issued: "2026-05-01" }]
    files-mirror:
      files1.example.org: [{ generation: 3, issued: "2026-05-01" }]
`,
            ),
        );
        verifyEdit(README_STYLE, out, { [GENERATIONS]: value }, "f");
    });

    it("appends the key after the last one when absent, and removes it when the value is undefined", () => {
        const without = setConfigKey(README_STYLE, "f", GENERATIONS, undefined, 2);
        assert.equal(
            without,
            README_STYLE.replace(
                `  backup-remotes:keyGenerations:
    db-archive:
      db1: [{ generation: 1 }]
`,
                "",
            ),
        );
        const added = setConfigKey(without.trimEnd(), "f", GENERATIONS, { c: { h: [{ generation: 1 }] } }, 2);
        assert.equal(added, `${without.trimEnd()}\n  backup-remotes:keyGenerations:\n    c:\n      h: [{ generation: 1 }]\n`);
    });

    it("follows the file's indentation and quotes keys YAML would misread", () => {
        const four = "config:\n    backup-remotes:environment: staging\n";
        assert.equal(
            setConfigKey(four, "f", GENERATIONS, { true: { "1.5": [{ generation: 1 }] } }, 2),
            `${four}    backup-remotes:keyGenerations:\n        "true":\n            "1.5": [{ generation: 1 }]\n`,
        );
    });
});

describe("removeHost", () => {
    it("edits a flow list inside a flow map without moving its neighbours", () => {
        const out = removeHost(README_STYLE, "f", "backup-remotes:credentials", "db-archive", "db1");
        assert.equal(out, README_STYLE.replace("hosts: [db1, db2] }", "hosts: [db2] }"));
        const padded = removeHost(README_STYLE, "f", "backup-remotes:credentials", "files-mirror", "files1");
        assert.equal(padded, README_STYLE.replace('hosts: [ files1, "files2" ]', 'hosts: [ "files2" ]'));
    });

    it("removes the item's line from a block list, keeping the other item's comment", () => {
        const out = removeHost(README_STYLE, "f", "backup-remotes:credentials", "restore-check", "monitor2");
        assert.equal(out, README_STYLE.replace("        - monitor2\n", ""));
        assert.equal(
            removeHost(README_STYLE, "f", "backup-remotes:credentials", "restore-check", "monitor1"),
            README_STYLE.replace("        - monitor1   # the dashboard box\n", ""),
        );
    });
});

describe("verifyEdit", () => {
    it("refuses an edit that changed anything it did not mean to", () => {
        const sneaky = README_STYLE.replace("protectBuckets: false", "protectBuckets: true");
        assert.throws(
            () => verifyEdit(README_STYLE, sneaky, {}, "f"),
            /would change config\.backup-remotes:protectBuckets beyond what was intended; nothing was written/,
        );
        assert.throws(() => verifyEdit(README_STYLE, README_STYLE, { [GENERATIONS]: undefined }, "f"), /config\.backup-remotes:keyGenerations/);
    });
});
