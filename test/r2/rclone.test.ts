/**
 * Golden rclone sections for R2, written by hand. Each line reviewed:
 * type/provider make rclone use its Cloudflare quirks; region "auto" is what
 * R2 signs with; the endpoint carries the account and, for jurisdictional
 * buckets, the jurisdiction (those answer only there); no_check_bucket since
 * bucket-scoped tokens cannot create or HEAD buckets; copy sections add the
 * project's copy options. No `acl`: rclone 1.60 offers none for Cloudflare.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { r2Endpoint } from "../../components/providers/r2/protections";
import { r2SectionOptions } from "../../components/providers/r2/rclone";
import { renderIni } from "../../components/rclone/render";
import type { RcloneSection } from "../../components/rclone/section";
import { ACCOUNT_ID } from "./fixtures";

function section(name: string, options: ReturnType<typeof r2SectionOptions>): RcloneSection {
    // Plain strings only here: the credential component passes Outputs.
    return { name, options: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])) };
}

describe("R2 rclone sections", () => {
    it("renders a verify section for a bucket in the default jurisdiction", () => {
        const ini = renderIni([section("prod-restore-check", r2SectionOptions("verify", { accountId: ACCOUNT_ID }, "AKID", "SECRET"))]);
        assert.equal(
            ini,
            [
                "[prod-restore-check]",
                "type = s3",
                "provider = Cloudflare",
                "access_key_id = AKID",
                "secret_access_key = SECRET",
                "region = auto",
                "endpoint = https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
                "no_check_bucket = true",
                "",
            ].join("\n"),
        );
    });

    it("renders a copy section for an eu bucket on the jurisdiction's endpoint", () => {
        const ini = renderIni([section("prod-db-archive", r2SectionOptions("copy", { accountId: ACCOUNT_ID, jurisdiction: "eu" }, "AKID", "SECRET"))]);
        assert.equal(
            ini,
            [
                "[prod-db-archive]",
                "type = s3",
                "provider = Cloudflare",
                "access_key_id = AKID",
                "secret_access_key = SECRET",
                "region = auto",
                "endpoint = https://0123456789abcdef0123456789abcdef.eu.r2.cloudflarestorage.com",
                "no_check_bucket = true",
                "no_head = true",
                "no_head_object = true",
                "",
            ].join("\n"),
        );
    });

    it("puts fedramp buckets on their own endpoint too", () => {
        assert.equal(r2Endpoint(ACCOUNT_ID, "fedramp"), "https://0123456789abcdef0123456789abcdef.fedramp.r2.cloudflarestorage.com");
    });

    it("is read back by the installed rclone exactly as written", () => {
        const sections = [
            section("prod-db-archive", r2SectionOptions("copy", { accountId: ACCOUNT_ID, jurisdiction: "eu" }, "AKID", "SECRET")),
            section("prod-restore-check", r2SectionOptions("verify", { accountId: ACCOUNT_ID }, "AKID2", "SECRET2")),
        ];
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "r2-rclone-"));
        try {
            const file = path.join(dir, "rclone.conf");
            fs.writeFileSync(file, renderIni(sections), { mode: 0o600 });
            const dump = JSON.parse(execFileSync("rclone", ["--config", file, "config", "dump"], { env: rcloneEnv(), encoding: "utf8" }));
            assert.deepEqual(dump, Object.fromEntries(sections.map((s) => [s.name, s.options])));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("uses a provider name and region the installed rclone knows for R2", () => {
        const env = rcloneEnv();
        // A misspelt provider would silently get generic S3 behaviour, so check rclone's own list.
        const help = execFileSync("rclone", ["help", "backend", "s3"], { env, encoding: "utf8" });
        assert.match(help, /- "Cloudflare"\n\s+- Cloudflare R2 Storage/);
        assert.match(help, /- Provider:\s+Cloudflare\n[\s\S]*?- "auto"\n\s+- R2 buckets/);
    });
});

function rcloneEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env.AWS_CA_BUNDLE; // breaks rclone 1.60 (see BRIEF)
    return env;
}
