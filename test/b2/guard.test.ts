/** The deployer guard: never deploy B2 with the account's master application key. */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { PlanFailure, runPlan } from "../../cli/plan/run";
import type { StackConfig } from "../../cli/plan/stack-config";
import { assertNotB2MasterKeyId } from "../../components/providers/b2/guard";
import { stackConfig } from "../support/config";

function b2Stack(extra: Record<string, string> = {}): StackConfig {
    return stackConfig(
        {
            environment: "staging",
            tier: "test",
            protectBuckets: false,
            remotes: { "b2-vault": { provider: "b2", bucket: "acme-backup-staging-vault", region: "us-west-004" } },
            credentials: { "db-archive": { role: "copy", remote: "b2-vault", prefix: "db/", hosts: ["db1"] } },
        },
        extra,
    );
}

const MASTER = /refusing to deploy with the B2 account's master application key .*Create a dedicated deploy key/s;

describe("B2 master-key guard", () => {
    const saved = process.env.B2_APPLICATION_KEY_ID;
    afterEach(() => {
        if (saved === undefined) delete process.env.B2_APPLICATION_KEY_ID;
        else process.env.B2_APPLICATION_KEY_ID = saved;
    });

    it("recognises the master key by its 12-hex-character ID (the account ID)", () => {
        assert.throws(() => assertNotB2MasterKeyId("0123456789ab", "b2:applicationKeyId"), MASTER);
        assert.throws(() => assertNotB2MasterKeyId("0123456789AB", "b2:applicationKeyId"), MASTER);
        assert.doesNotThrow(() => assertNotB2MasterKeyId("0050123456789ab0000000001", "b2:applicationKeyId"));
        assert.doesNotThrow(() => assertNotB2MasterKeyId(undefined, "b2:applicationKeyId"));
    });

    it("refuses the run before registering anything when b2:applicationKeyId is the master key", async () => {
        delete process.env.B2_APPLICATION_KEY_ID;
        await assert.rejects(runPlan("staging", { config: b2Stack({ "b2:applicationKeyId": "0123456789ab" }) }), (e: Error) => {
            assert.ok(e instanceof PlanFailure);
            assert.deepEqual(e.registered, [], "no resource was registered");
            assert.match(e.message, MASTER);
            assert.match(e.message, /b2:applicationKeyId/);
            assert.ok(!e.message.includes("0123456789ab"), "the account ID is not repeated in the error");
            return true;
        });
    });

    it("refuses the run when the provider would take the master key from B2_APPLICATION_KEY_ID", async () => {
        process.env.B2_APPLICATION_KEY_ID = "0123456789ab";
        await assert.rejects(runPlan("staging", { config: b2Stack() }), /master application key \(B2_APPLICATION_KEY_ID/);
    });

    it("lets a restricted deploy key through", async () => {
        process.env.B2_APPLICATION_KEY_ID = "0123456789ab"; // config wins over the environment, as in the provider
        const plan = await runPlan("staging", { config: b2Stack({ "b2:applicationKeyId": "0050123456789ab0000000001" }) });
        assert.ok(plan.resources.some((r) => r.type === "b2:index/bucket:Bucket"));
    });
});
