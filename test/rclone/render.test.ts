import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { envPrefix, renderEnv, renderIni } from "../../components/rclone/render";
import type { RcloneSection } from "../../components/rclone/section";

const golden = (name: string) => fs.readFileSync(path.join(__dirname, "..", "golden", name), "utf8");

// Fake credentials; the golden files were written by hand and reviewed line by line.
const sections: RcloneSection[] = [
    {
        name: "staging-db-archive",
        options: {
            type: "s3",
            provider: "AWS",
            access_key_id: "AKIDEXAMPLECOPY",
            secret_access_key: "example/secret+copy",
            region: "eu-west-1",
            acl: "bucket-owner-full-control",
            server_side_encryption: "AES256",
            no_check_bucket: "true",
            no_head: "true",
            no_head_object: "true",
        },
    },
    {
        name: "staging-restore-check",
        options: {
            type: "s3",
            provider: "AWS",
            access_key_id: "AKIDEXAMPLEVERIFY",
            secret_access_key: "example/secret+verify",
            region: "eu-west-1",
            acl: "bucket-owner-full-control",
            server_side_encryption: "AES256",
            no_check_bucket: "true",
        },
    },
];

describe("rclone rendering", () => {
    it("renders INI sections exactly as the golden file", () => {
        assert.equal(renderIni(sections), golden("aws-sections.ini"));
    });

    it("renders RCLONE_CONFIG_ environment lines exactly as the golden file", () => {
        assert.equal(renderEnv(sections), golden("aws-sections.env"));
    });

    it("maps names to rclone's environment prefix", () => {
        assert.equal(envPrefix("prod-db-archive.db1"), "RCLONE_CONFIG_PROD_DB_ARCHIVE_DB1");
    });

    it("refuses values with line breaks (they would inject keys or sections)", () => {
        const bad = [{ name: "x", options: { type: "s3", region: "eu-west-1\n[evil]" } }];
        assert.throws(() => renderIni(bad), /option "region" contains a line break/);
    });

    it("refuses names rclone rejects and duplicate names", () => {
        assert.throws(() => renderIni([{ name: "a/b", options: {} }]), /may only contain/);
        assert.throws(
            () =>
                renderIni([
                    { name: "a", options: {} },
                    { name: "a", options: {} },
                ]),
            /defined twice/,
        );
        assert.throws(
            () =>
                renderEnv([
                    { name: "a-b", options: {} },
                    { name: "a.b", options: {} },
                ]),
            /same environment prefix/,
        );
    });
});
