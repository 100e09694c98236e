import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { adminSectionFor, parseAdminConfig } from "../../cli/postdeploy/admin";
import { loadOutputs, OutputsError, parseIniSections, secretValues } from "../../cli/postdeploy/outputs";
import { rcConfigForFlags } from "../../cli/postdeploy/rc-config";
import { renderIni } from "../../components/rclone/render";
import { section } from "./fixtures/sections";

function outputsOf(...secs: ReturnType<typeof section>[]) {
    return {
        rcloneConfig: renderIni(secs.map((s) => ({ name: s.summary.section, options: s.options }))),
        hosts: Object.fromEntries(secs.map((s) => [s.summary.host, { sections: [{ name: s.summary.hostSection, options: s.options }] }])),
        remotes: secs.map((s) => s.summary),
        permissions: secs.map((s) => s.permissions),
    };
}

describe("loading stack outputs", () => {
    const copy = section("aws", "copy", "db/", { credential: "db-archive", host: "db1" });
    const verify = section("aws", "verify", "", { credential: "restore-check", host: "mon1" });

    it("pairs every remote with its rcloneConfig section (dotted names kept) and permissions entry", () => {
        const loaded = loadOutputs(outputsOf(copy, verify), "test", "staging");
        assert.equal(loaded.environment, "staging");
        assert.deepEqual(
            loaded.sections.map((s) => s.summary.section),
            ["staging-db-archive.db1", "staging-restore-check.mon1"],
        );
        assert.equal(loaded.sections[0]!.options.secret_access_key, copy.options.secret_access_key);
        assert.equal(loaded.sections[0]!.permissions.role, "copy");
    });

    it("falls back to hosts when rcloneConfig is absent, renaming sections to their unique names", () => {
        const o = outputsOf(copy);
        const loaded = loadOutputs({ ...o, rcloneConfig: undefined }, "test", "staging");
        assert.match(loaded.configText, /^\[staging-db-archive\.db1\]/);
    });

    it("refuses another environment's outputs for --stack", () => {
        assert.throws(
            () => loadOutputs(outputsOf(copy), "test", "prod"),
            (e: Error) => e instanceof OutputsError && /environment "staging", not of --stack prod/.test(e.message),
        );
    });

    it("lists every problem, naming the output key", () => {
        const o = outputsOf(copy, verify);
        const broken = { ...o, rcloneConfig: o.rcloneConfig.replace("[staging-db-archive.db1]", "[renamed]"), permissions: [o.permissions[0]!] };
        assert.throws(
            () => loadOutputs(broken, "f.json", "staging"),
            (e: Error) => {
                assert.match(e.message, /rcloneConfig: no section \[staging-db-archive\.db1\]/);
                assert.match(e.message, /permissions: no entry for credential "restore-check"/);
                return true;
            },
        );
        assert.throws(() => loadOutputs({ remotes: [] }, "f.json"), /remotes must list at least one section/);
        assert.throws(() => loadOutputs({ ...o, rcloneConfig: undefined, hosts: undefined }, "f.json"), /neither rcloneConfig nor hosts/);
        assert.throws(() => loadOutputs({ ...o, rcloneConfig: "[secret]" }, "f.json"), /hidden as "\[secret\]".*--show-secrets/);
    });

    it("parses INI section names with dots and reads values verbatim", () => {
        const ini = parseIniSections("[a.b.c]\ntype = s3\nacl = \n\n[d]\nno_check_bucket = true\n");
        assert.deepEqual([...ini.keys()], ["a.b.c", "d"]);
        assert.equal(ini.get("a.b.c")!.acl, "");
        assert.equal(ini.get("d")!.no_check_bucket, "true");
    });

    it("knows which option values are secret", () => {
        const secrets = secretValues([copy, { options: { session_token: "SESSIONTOKENVALUE", type: "s3" } }]);
        assert.ok(secrets.includes("SESSIONTOKENVALUE"), "role-session tokens are secrets too");
        assert.ok(secrets.includes(copy.options.secret_access_key!));
        assert.ok(secrets.includes(copy.options.access_key_id!));
        assert.ok(!secrets.includes("s3"));
    });
});

describe("rclone flags and the admin config", () => {
    it("the section's flags become rc _config fields; a flag the runner cannot apply is refused at load, naming the section", () => {
        assert.deepEqual(rcConfigForFlags(["--ignore-existing", "--checksum"]).config, { IgnoreExisting: true, CheckSum: true });
        const copy = section("aws", "copy", "db/", { credential: "db-archive", host: "db1" });
        const odd = { ...copy, summary: { ...copy.summary, rcloneFlags: ["--ignore-existing", "--bwlimit=1M"] } };
        assert.throws(
            () => loadOutputs(outputsOf(odd), "f.json", "staging"),
            /rcloneFlags of section "staging-db-archive\.db1" has --bwlimit=1M, which the post-deploy test cannot apply/,
        );
    });

    it("--admin-config: [postdeploy-admin] for every remote, [postdeploy-admin-<remote>] for one; anything else is refused", () => {
        const admin = parseAdminConfig(
            "[postdeploy-admin]\ntype = s3\naccess_key_id = A\n\n[postdeploy-admin-b2-vault]\ntype = b2\naccount = x\nkey = y\n\n[unrelated]\ntype = s3\n",
            "a.conf",
        );
        assert.deepEqual([...admin.sections.keys()], ["postdeploy-admin", "postdeploy-admin-b2-vault"]);
        assert.doesNotMatch(admin.configText, /unrelated/, "only admin sections reach the daemon");
        assert.equal(adminSectionFor(admin, "b2-vault"), "postdeploy-admin-b2-vault");
        assert.equal(adminSectionFor(admin, "aws-main"), "postdeploy-admin");
        assert.throws(() => parseAdminConfig("[other]\ntype = s3\n", "a.conf"), /a\.conf:\n {2}- no \[postdeploy-admin\] section/);
        assert.throws(() => parseAdminConfig("[postdeploy-admin]\ntype = drive\n", "a.conf"), /\[postdeploy-admin\] type = drive: expected s3 or b2/);
    });
});
