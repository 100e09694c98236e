import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { type HostSection, managedBlock, renderHostFile } from "../../components/rclone/host-file";
import { CliError } from "../../cli/shared/cli-error";
import { parseIniDocument } from "../../cli/pull-config/ini-blocks";
import { mergeIni, type IniMergeResult } from "../../cli/pull-config/merge";
import { rcloneDump, s3Section, tempDir } from "./helpers";

const FILE = "/home/op/.config/rclone/rclone.conf";

function merge(text: string | undefined, stack: string, sections: readonly HostSection[], adopt = false): IniMergeResult {
    return mergeIni(text === undefined ? undefined : parseIniDocument(text, FILE), stack, sections, { adopt, file: FILE });
}

/** A managed block exactly as pull-config writes it (its text: test/rclone/host-file.test.ts). */
function managed(stack: string, s: HostSection): string {
    return managedBlock(stack, s);
}

// A hand-written file with the things people keep in one: odd comments, `:` keys, no spaces, indentation.
const FOREIGN = [
    "# my hand-written config",
    ";   odd comment with trailing spaces   ",
    "",
    "[local]",
    "type = local",
    "copy_links=true",
    "",
    "# about the nas",
    "[nas]",
    "type = sftp",
    "host: nas.example",
    "  # indented comment",
    "",
].join("\n");

const copy = s3Section("staging-db-copy");
const verify = s3Section("staging-db-verify");

test("adding to a hand-written file keeps every byte of it and appends marked sections rclone reads", async (t) => {
    const result = merge(FOREIGN, "staging", [copy, verify]);
    assert.equal(result.text, FOREIGN + "\n" + managed("staging", copy) + "\n" + managed("staging", verify));
    assert.deepEqual(result.added, ["staging-db-copy", "staging-db-verify"]);
    assert.equal(result.kept, 2);

    const dir = tempDir(t);
    writeFileSync(join(dir, "before.conf"), FOREIGN);
    writeFileSync(join(dir, "after.conf"), result.text);
    const before = await rcloneDump(join(dir, "before.conf"));
    const after = await rcloneDump(join(dir, "after.conf"));
    assert.deepEqual(after, { ...before, "staging-db-copy": { ...copy.options }, "staging-db-verify": { ...verify.options } });
});

test("managed sections are replaced in place; comments and sections around them stay byte for byte", () => {
    const old = s3Section("staging-db-copy", "old-secret");
    const file = [
        "# top comment\n",
        "[local]\ntype = local\n",
        "\n",
        managed("staging", old),
        "# a note between sections\n",
        "\n",
        "# about the nas\n",
        "[nas]\ntype = sftp\n",
    ];
    const result = merge(file.join(""), "staging", [copy]);
    assert.equal(result.text, [file[0], file[1], file[2], managed("staging", copy), file[4], file[5], file[6], file[7]].join(""));
    assert.deepEqual(result.updated, ["staging-db-copy"]);
    assert.deepEqual(result.added, []);
});

test("a stale managed section is removed with its separator line; adding then removing restores the file exactly", () => {
    const added = merge(FOREIGN, "staging", [copy, verify]).text;
    const result = merge(added, "staging", [copy]);
    assert.deepEqual(result.removed, ["staging-db-verify"]);
    assert.equal(result.text, FOREIGN + "\n" + managed("staging", copy));
    assert.equal(merge(result.text, "staging", []).text, FOREIGN);
});

test("removing a managed section keeps the comment block above the next foreign section", () => {
    const file = managed("staging", copy) + "\n# about the nas\n[nas]\ntype = sftp\n";
    assert.equal(merge(file, "staging", []).text, "# about the nas\n[nas]\ntype = sftp\n");
});

test("another stack's sections are neither replaced nor removed: staging then prod then staging again", () => {
    const prodCopy = s3Section("prod-db-copy");
    const afterStaging = merge(FOREIGN, "staging", [copy, verify]).text;
    const afterProd = merge(afterStaging, "prod", [prodCopy]);
    assert.equal(afterProd.text, afterStaging + "\n" + managed("prod", prodCopy));
    assert.equal(afterProd.kept, 4);
    // staging now gives the host nothing: only staging's sections go.
    const stagingEmpty = merge(afterProd.text, "staging", []);
    assert.deepEqual(stagingEmpty.removed, ["staging-db-copy", "staging-db-verify"]);
    assert.equal(stagingEmpty.text, FOREIGN + "\n" + managed("prod", prodCopy));
});

test("new sections go right after the stack's last section, not after foreign ones that follow it", () => {
    const file = managed("staging", copy) + "\n[nas]\ntype = sftp\n";
    const result = merge(file, "staging", [copy, verify]);
    assert.equal(result.text, managed("staging", copy) + "\n" + managed("staging", verify) + "\n[nas]\ntype = sftp\n");
});

test("a second merge changes nothing and reports every section unchanged", () => {
    const once = merge(FOREIGN, "staging", [copy, verify]);
    const twice = merge(once.text, "staging", [copy, verify]);
    assert.equal(twice.text, once.text);
    assert.deepEqual(twice.unchanged, ["staging-db-copy", "staging-db-verify"]);
    assert.deepEqual([twice.added, twice.updated, twice.removed], [[], [], []]);
});

test("an unmarked section with a managed name is refused, naming it and --adopt; --adopt takes it over", () => {
    const file = "[local]\ntype = local\n\n[staging-db-copy]\ntype = s3\nsecret_access_key = pasted-by-hand\n";
    assert.throws(
        () => merge(file, "staging", [copy]),
        (err: unknown) =>
            err instanceof CliError &&
            err.message.includes("[staging-db-copy]") &&
            err.message.includes("--adopt") &&
            err.message.includes(FILE) &&
            !err.message.includes("pasted-by-hand"),
    );
    const adopted = merge(file, "staging", [copy], true);
    assert.deepEqual(adopted.adopted, ["staging-db-copy"]);
    assert.equal(adopted.text, "[local]\ntype = local\n\n" + managed("staging", copy));
});

test("a section of the same name marked by another stack is refused even with --adopt", () => {
    const file = managed("prod", s3Section("staging-db-copy"));
    assert.throws(
        () => merge(file, "staging", [copy], true),
        (err: unknown) => err instanceof CliError && /managed by another stack/.test(err.message) && err.message.includes("stack prod"),
    );
});

test("CRLF files get CRLF lines; a last line without newline is completed before appending", async (t) => {
    const crlf = "[local]\r\ntype = local\r\n";
    const result = merge(crlf, "staging", [copy]);
    assert.equal(result.text, crlf + "\r\n" + managed("staging", copy).replace(/\n/g, "\r\n"));
    assert.equal(merge(result.text, "staging", [copy]).text, result.text);

    const noNewline = merge("[local]\ntype = local", "staging", [copy]).text;
    assert.equal(noNewline, "[local]\ntype = local\n\n" + managed("staging", copy));
    const dir = tempDir(t);
    writeFileSync(join(dir, "crlf.conf"), result.text);
    writeFileSync(join(dir, "nonl.conf"), noNewline);
    assert.deepEqual(Object.keys(await rcloneDump(join(dir, "crlf.conf"))), ["local", "staging-db-copy"]);
    assert.deepEqual((await rcloneDump(join(dir, "nonl.conf")))["staging-db-copy"], { ...copy.options });
});

test("no existing file: just the marked sections", () => {
    assert.equal(merge(undefined, "staging", [copy, verify]).text, managed("staging", copy) + "\n" + managed("staging", verify));
    assert.equal(merge("", "staging", [copy]).text, managed("staging", copy));
});

test("user edits inside a managed section are replaced (the marker says so); the marker must sit right above the header", () => {
    const edited = managed("staging", copy).replace("region = eu-west-1\n", "region = eu-west-1\n# my note\nextra = 1\n");
    assert.equal(merge(edited, "staging", [copy]).text, managed("staging", copy));
    // A blank line between marker and header: the section is no longer recognised as managed.
    const detached = managed("staging", copy).replace("\n[", "\n\n[");
    assert.throws(() => merge(detached, "staging", [copy]), /not marked as managed/);
});

test("into an empty file the merge writes the host file itself: what a sealed file holds, byte for byte", () => {
    const sections = [copy, verify];
    assert.equal(merge(undefined, "staging", sections).text, renderHostFile("staging", sections));
    assert.equal(merge("", "staging", sections).text, renderHostFile("staging", sections));
    assert.equal(renderHostFile("staging", sections), `${managed("staging", copy)}\n${managed("staging", verify)}`);
    assert.throws(() => renderHostFile("staging", [copy, copy]), /defined twice/);
});
