/**
 * `postdeploy --revoked-outputs`: a key the saved outputs held and the
 * current outputs no longer carry (a host revoked, a generation retired)
 * must be refused by the server. On radosgw, with the key's user present the
 * check fails ("still works"); once the user is removed, as `pulumi up`
 * removes a revoked identity, the server refuses it and the check passes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadOutputs, type LoadedOutputs } from "../../cli/postdeploy/outputs";
import { revokedKeys } from "../../cli/postdeploy/revoked";
import { runPostdeploy } from "../../cli/postdeploy/run";
import { renderIni } from "../../components/rclone/render";
import { parseIniSections } from "../../cli/postdeploy/outputs";
import { iamUserName } from "../../components/providers/aws/credential";
import { skipUnlessRgw, startRgw, type RgwServer } from "../support/rgw";
import { deployToRgw, planEnvironment, type DeployedEnvironment } from "../support/contract/deploy";
import { STAGING_CREDENTIALS } from "../support/contract/environments";
import { AUTH_RETRY_MS } from "../support/contract/postdeploy";

describe("revoked keys are refused (postdeploy --revoked-outputs) on radosgw", { skip: skipUnlessRgw() }, () => {
    let server: RgwServer;
    let saved: DeployedEnvironment["outputs"];
    let current: LoadedOutputs;
    const revokedSection = "staging-db-archive.db2";

    before(async () => {
        server = await startRgw();
        const plan = await planEnvironment("staging", STAGING_CREDENTIALS);
        const deployed = await deployToRgw(server, plan, { identity: "user", only: (s) => s.startsWith("staging-db-archive.") });
        saved = deployed.outputs;
        // The outputs after `rotate --revoke --host db2` was deployed: db2's section is gone.
        const kept = [...parseIniSections(saved.rcloneConfig)].filter(([name]) => name !== revokedSection);
        current = loadOutputs(
            {
                ...saved,
                rcloneConfig: renderIni(kept.map(([name, options]) => ({ name, options }))),
                remotes: saved.remotes.filter((r) => r.section !== revokedSection),
                hosts: Object.fromEntries(Object.entries(saved.hosts).filter(([h]) => h !== "db2")),
            },
            "current outputs",
            "staging",
        );
    });
    after(async () => {
        await server?.stop();
    });

    it("finds exactly the keys the current outputs no longer carry", () => {
        const keys = revokedKeys(saved, "saved outputs", current);
        assert.deepEqual(
            keys.map((k) => k.section),
            [revokedSection],
        );
        assert.deepEqual(revokedKeys(saved, "saved outputs", loadOutputs(saved, "saved", "staging")), [], "nothing revoked: nothing to try");
    });

    it("fails while the revoked key still works, and passes once the server refuses it", async () => {
        const revoked = revokedKeys(saved, "saved outputs", current);
        const still = await runPostdeploy(current, { revoked, authRetryMs: AUTH_RETRY_MS });
        assert.deepEqual(
            still.revoked.map((r) => [r.section, r.status]),
            [[revokedSection, "still-works"]],
        );
        assert.equal(still.failed, true);

        // What `pulumi up` does for a revoked host: its identity is deleted.
        await server.radosgwAdmin(["user", "rm", `--uid=${iamUserName("staging", "db-archive", "db2")}`]);
        const gone = await runPostdeploy(current, { revoked, authRetryMs: AUTH_RETRY_MS });
        assert.deepEqual(
            gone.revoked.map((r) => [r.section, r.status]),
            [[revokedSection, "refused"]],
        );
        assert.match(gone.revoked[0]!.detail, /refused \((unknown-key|access-denied)\)/);
        const secret = parseIniSections(saved.rcloneConfig).get(revokedSection)!.secret_access_key!;
        assert.ok(!JSON.stringify(gone).includes(secret), "no secret in the report");
    });
});
