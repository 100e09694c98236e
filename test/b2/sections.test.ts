/**
 * B2 rclone sections: golden INI and environment output for the native and
 * the S3-compatible API (golden files written by hand, reviewed line by line),
 * and every option checked against the installed rclone's own option list.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { b2SectionOptions } from "../../components/providers/b2/rclone";
import { b2RemoteSchema, type B2RemoteConfig } from "../../components/providers/b2/schema";
import { renderEnv, renderIni } from "../../components/rclone/render";
import type { RcloneSection } from "../../components/rclone/section";
import type { Role } from "../../components/permissions/roles";

const golden = (name: string) => fs.readFileSync(path.join(__dirname, "..", "golden", name), "utf8");

// Fake key IDs and keys (never real credentials).
const CREDENTIALS: [string, Role, string, string][] = [
    ["b2-db-offsite", "copy", "005aaaaaaaaaaaa0000000001", "K005exampleCopyKey00000000000000"],
    ["b2-files-offsite", "sync", "005aaaaaaaaaaaa0000000002", "K005exampleSyncKey00000000000000"],
    ["b2-restore-check", "verify", "005aaaaaaaaaaaa0000000003", "K005exampleVerifyKey000000000000"],
];

function remote(api: "native" | "s3"): B2RemoteConfig {
    return b2RemoteSchema.parse({ provider: "b2", bucket: "acme-backup-staging-offsite", region: "us-west-004", api });
}

function sections(api: "native" | "s3"): RcloneSection[] {
    return CREDENTIALS.map(([credential, role, keyId, key]) => ({
        name: `staging-${credential}`,
        // The options are plain strings here, so this cast only narrows Input<string> to string.
        options: b2SectionOptions(role, remote(api), keyId, key) as Record<string, string>,
    }));
}

describe("B2 rclone sections, native API", () => {
    it("is the default API", () => {
        assert.equal(b2RemoteSchema.parse({ provider: "b2", bucket: "acme-backup-staging-x", region: "us-west-004" }).api, "native");
    });

    it("renders INI sections exactly as the golden file", () => {
        assert.equal(renderIni(sections("native")), golden("b2-native-sections.ini"));
    });

    it("renders RCLONE_CONFIG_ environment lines exactly as the golden file", () => {
        assert.equal(renderEnv(sections("native")), golden("b2-native-sections.env"));
    });

    it("keeps hard_delete = false for every role, so deletions only hide and no key needs deleteFiles", () => {
        for (const s of sections("native")) assert.equal(s.options.hard_delete, "false", s.name);
    });
});

describe("B2 rclone sections, S3-compatible API", () => {
    it("renders INI sections exactly as the golden file", () => {
        assert.equal(renderIni(sections("s3")), golden("b2-s3-sections.ini"));
    });

    it("renders RCLONE_CONFIG_ environment lines exactly as the golden file", () => {
        assert.equal(renderEnv(sections("s3")), golden("b2-s3-sections.env"));
    });

    it("points at the region's endpoint and never lets rclone create or check the bucket", () => {
        for (const s of sections("s3")) {
            assert.equal(s.options.endpoint, "https://s3.us-west-004.backblazeb2.com");
            assert.equal(s.options.no_check_bucket, "true");
        }
    });
});

/** `rclone help backend <type>`: each option's config key and the providers it applies to. */
function rcloneOptions(backend: string): { key: string; providers?: string }[] {
    const text = execFileSync("rclone", ["help", "backend", backend], { env: rcloneEnv(), encoding: "utf8" });
    return text
        .split(/^#### /m)
        .slice(1)
        .flatMap((block) => {
            const key = /^- Config:\s+(\S+)$/m.exec(block)?.[1];
            const providers = /^- Provider:\s+(\S+)$/m.exec(block)?.[1];
            return key ? [{ key, providers }] : [];
        });
}

function appliesTo(providers: string | undefined, provider: string | undefined): boolean {
    if (providers === undefined || provider === undefined) return true;
    const negate = providers.startsWith("!");
    const list = (negate ? providers.slice(1) : providers).split(",");
    return negate ? !list.includes(provider) : list.includes(provider);
}

describe("B2 rclone sections against the installed rclone", () => {
    for (const api of ["native", "s3"] as const) {
        it(`reads the rendered file back exactly as written (config dump, ${api})`, () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "b2-sections-"));
            try {
                const file = path.join(dir, "rclone.conf");
                fs.writeFileSync(file, renderIni(sections(api)), { mode: 0o600 });
                const dump = JSON.parse(execFileSync("rclone", ["--config", file, "config", "dump"], { env: rcloneEnv(), encoding: "utf8" }));
                assert.deepEqual(dump, Object.fromEntries(sections(api).map((s) => [s.name, s.options])));
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    }

    // rclone ignores options it does not know: a misspelt hard_delete would silently hard-delete.
    for (const api of ["native", "s3"] as const) {
        it(`uses only options rclone knows for its backend and provider (${api})`, () => {
            for (const s of sections(api)) {
                const { type, provider } = s.options;
                assert.ok(type, `${s.name} has a type`);
                const known = rcloneOptions(type);
                for (const key of Object.keys(s.options).filter((k) => k !== "type")) {
                    const matching = known.filter((o) => o.key === key);
                    assert.ok(matching.length > 0, `${s.name}: rclone's ${type} backend has no option "${key}"`);
                    assert.ok(
                        matching.some((o) => appliesTo(o.providers, provider)),
                        `${s.name}: option "${key}" does not apply to provider ${provider}`,
                    );
                }
            }
        });
    }
});

function rcloneEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env.AWS_CA_BUNDLE; // breaks rclone 1.60 (see BRIEF)
    return env;
}
