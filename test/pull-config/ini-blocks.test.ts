import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CliError } from "../../cli/shared/cli-error";
import { decodeExactUtf8, parseIniDocument } from "../../cli/pull-config/ini-blocks";
import { rcloneAccepts, tempDir } from "./helpers";

// Lines inside a section, and whether rclone's reader accepts a file with them. The parser must agree with
// rclone in both directions: accept what rclone accepts (else pull-config refuses a working config) and
// refuse what rclone refuses (else it would keep a broken file as "foreign").
const LINES: readonly (readonly [string, boolean])[] = [
    ["key = value", true],
    ["key=value", true],
    ["key: value", true],
    ["  indented = value  ", true],
    ["secret = a#b;c", true],
    ['"quoted=key" = v', true],
    ["# comment", true],
    ["; comment", true],
    ["   ", true],
    ["[ spaced name ]", true],
    ["[odd]]", true],
    ["no separator here", false],
    ["= value without key", false],
    ["[unclosed", false],
    // rclone tolerates a bare "[]" (it lists a junk "DEFAULT" remote); keys under it are refused by both.
    ["[]\nkey = value", false],
    ["[   ]\nkey = value", false],
];

for (const [line, accepted] of LINES) {
    test(`parser and rclone agree on ${JSON.stringify(line)} (${accepted ? "accepted" : "refused"})`, async (t) => {
        const text = `[a]\ntype = local\n${line}\n`;
        const file = join(tempDir(t), "rclone.conf");
        writeFileSync(file, text);
        assert.equal(await rcloneAccepts(file), accepted, "rclone's verdict changed: update the fixture");
        if (accepted) {
            assert.doesNotThrow(() => parseIniDocument(text, file));
        } else {
            assert.throws(
                () => parseIniDocument(text, file),
                (err: unknown) => err instanceof CliError && err.message.startsWith(`${file}:3:`),
            );
        }
    });
}

test("a malformed line is reported by file and line number without quoting the line (it may hold a secret)", () => {
    const text = "[a]\ntype = s3\nsecret_access_key AKIA-SECRET-VALUE\n";
    assert.throws(
        () => parseIniDocument(text, "/etc/rclone.conf"),
        (err: unknown) => err instanceof CliError && err.message.startsWith("/etc/rclone.conf:3:") && !err.message.includes("SECRET"),
    );
});

test("a section defined twice is refused, naming both lines", () => {
    assert.throws(() => parseIniDocument("[a]\nx = 1\n\n[b]\ny = 2\n[a]\nz = 3\n", "f.conf"), /f\.conf:6: section \[a\] is already defined on line 1/);
});

test("lines join back to the exact file; sections end at their last key, markers are recognised only right above a header", () => {
    const text = "\uFEFF# pre\r\n[a]\r\nx = 1\r\n\r\n# trailing\r\n# managed by backup-remotes (stack prod): do not edit\r\n[b]\r\ny = 2";
    const doc = parseIniDocument(text, "f");
    assert.equal(doc.lines.map((l) => l.text).join(""), text);
    assert.equal(doc.eol, "\r\n");
    assert.deepEqual(
        doc.sections.map((s) => ({ ...s })),
        [
            { name: "a", headerIndex: 1, end: 3 },
            { name: "b", headerIndex: 6, end: 8, markerIndex: 5, managedBy: "prod" },
        ],
    );
});

test("bytes that are not UTF-8, or NUL bytes, are refused: they could not be kept exactly", () => {
    assert.throws(() => decodeExactUtf8(Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0xff, 0x0a]), "latin.conf"), /latin\.conf is not UTF-8/);
    assert.throws(() => decodeExactUtf8(Buffer.from("[a]\n\0\n"), "bin.conf"), /NUL/);
    assert.equal(decodeExactUtf8(Buffer.from("[ä]\nk = ü\n"), "ok.conf"), "[ä]\nk = ü\n");
});
