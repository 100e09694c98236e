/**
 * Sealed delivery end to end on the real staging stack under Pulumi mocks
 * (the offline plan): real age encryption by the real provider, opened by
 * Debian's `age` with each host's key made by `age-keygen`, read by rclone.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { type PlanResult, runPlan } from "../../cli/plan/run";
import type { HostsOutput } from "../../components/outputs";
import { SEALED_HOST_FILE_TYPE } from "../../components/sealing/sealed-host-file";
import { ageDecrypt } from "../support/age";
import { rcloneDump, runCli, tempDir } from "../pull-config/helpers";
import { CREDENTIAL_OPTIONS, STAGING_HOSTS, hostKeys, sealedStaging, writeSealed } from "./helpers";

function sealedOf(plan: PlanResult): Record<string, string> {
    assert.ok(plan.outputs.sealedHosts, "sealedHosts is exported when hostKeys is set");
    return plan.outputs.sealedHosts.value as Record<string, string>;
}

function credentialValues(hosts: HostsOutput, host: string): string[] {
    return hosts[host]!.sections.flatMap((s) => CREDENTIAL_OPTIONS.flatMap((k) => (s.options[k] ? [s.options[k]] : [])));
}

test("each host's sealed file opens with its own key only, holds exactly what pull-config writes for it, and rclone reads it", async (t) => {
    const dir = tempDir(t);
    const keys = hostKeys(dir);
    const plan = await runPlan("staging", { config: sealedStaging(keys) });
    assert.equal(plan.outputs.sealedHosts?.secret, false, "sealedHosts is public: ciphertext only");
    const sealed = sealedOf(plan);
    const hosts = plan.outputs.hosts.value as HostsOutput;
    assert.deepEqual(Object.keys(sealed).sort(), [...STAGING_HOSTS]);
    const outputs = join(dir, "outputs.json");
    writeFileSync(outputs, JSON.stringify({ hosts, remotes: plan.outputs.remotes.value }), { mode: 0o600 });

    for (const host of STAGING_HOSTS) {
        assert.match(sealed[host]!, /^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+\n-----END AGE ENCRYPTED FILE-----\n$/);
        const file = writeSealed(dir, host, sealed[host]!);
        const opened = await ageDecrypt(keys[host]!.identityFile, file);
        assert.equal(opened.code, 0, `age -d failed for ${host}: ${opened.stderr}`);

        // Byte for byte what pull-config writes for this host into an empty file.
        const pulled = join(dir, `${host}.pulled.conf`);
        const run = await runCli(["--stack", "staging", "--host", host, "--outputs", outputs, "--out", pulled]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(opened.stdout, readFileSync(pulled, "utf8"), `${host}: plaintext is the file pull-config writes`);

        for (const other of STAGING_HOSTS.filter((h) => h !== host)) {
            for (const value of credentialValues(hosts, other)) {
                assert.ok(!opened.stdout.includes(value), `${host}'s file holds a key id or secret of ${other}`);
            }
            const refused = await ageDecrypt(keys[other]!.identityFile, file);
            assert.notEqual(refused.code, 0, `${other}'s key opened ${host}'s file`);
            assert.match(refused.stderr, /no identity matched any of the recipients/);
            assert.equal(refused.stdout, "");
        }

        const conf = join(dir, `${host}.conf`);
        writeFileSync(conf, opened.stdout, { mode: 0o600 });
        const expected = Object.fromEntries(hosts[host]!.sections.map((s) => [s.name, { ...s.options }]));
        assert.deepEqual(await rcloneDump(conf), expected, `rclone reads ${host}'s decrypted file as the stack defines it`);
    }
});

test("a second plan with the first one's state gives identical sealedHosts; without state every file is sealed afresh", async (t) => {
    const config = sealedStaging(hostKeys(tempDir(t)));
    const first = await runPlan("staging", { config });
    assert.deepEqual(
        first.sealing.map((r) => r.action),
        ["sealed", "sealed", "sealed"],
    );
    const second = await runPlan("staging", { config, sealingState: first.sealingState });
    assert.deepEqual(
        second.sealing.map((r) => r.action),
        ["unchanged", "unchanged", "unchanged"],
    );
    assert.deepEqual(sealedOf(second), sealedOf(first));
    const third = await runPlan("staging", { config, sealingState: second.sealingState });
    assert.deepEqual(sealedOf(third), sealedOf(first), "stable over any number of runs");

    // age is randomised: what keeps files stable is the state, not a deterministic encryption.
    const fresh = await runPlan("staging", { config });
    for (const host of STAGING_HOSTS) assert.notEqual(sealedOf(fresh)[host], sealedOf(first)[host], host);
});

test("a changed config seals again only the hosts it changes: a new key, a new credential", async (t) => {
    const dir = tempDir(t);
    const keys = hostKeys(dir);
    const first = await runPlan("staging", { config: sealedStaging(keys) });

    const rekeyed = { ...keys, files1: hostKeys(dir, ["files1-new"])["files1-new"]! };
    const second = await runPlan("staging", { config: sealedStaging(rekeyed), sealingState: first.sealingState });
    assert.deepEqual(
        second.sealing.map((r) => [r.host, r.action]),
        [
            ["db1", "unchanged"],
            ["files1", "resealed"],
            ["monitor1", "unchanged"],
        ],
    );
    assert.equal(sealedOf(second).db1, sealedOf(first).db1);
    assert.equal(sealedOf(second).monitor1, sealedOf(first).monitor1);
    const file = writeSealed(dir, "files1", sealedOf(second).files1!);
    assert.equal((await ageDecrypt(rekeyed.files1.identityFile, file)).code, 0, "the new key opens the new file");
    assert.notEqual((await ageDecrypt(keys.files1!.identityFile, file)).code, 0, "the replaced key no longer does");

    const credentials = JSON.parse(sealedStaging(rekeyed).values["backup-remotes:credentials"]!) as Record<string, unknown>;
    credentials["monitor-extra"] = { role: "verify", remote: "b2-vault", prefix: "files/", hosts: ["monitor1"] };
    const third = await runPlan("staging", { config: sealedStaging(rekeyed, { credentials }), sealingState: second.sealingState });
    assert.deepEqual(
        third.sealing.map((r) => [r.host, r.action]),
        [
            ["db1", "unchanged"],
            ["files1", "unchanged"],
            ["monitor1", "resealed"],
        ],
    );
    const monitor = await ageDecrypt(keys.monitor1!.identityFile, writeSealed(dir, "monitor1", sealedOf(third).monitor1!));
    assert.match(monitor.stdout, /^\[staging-monitor-extra\]$/m, "the re-sealed file holds the new section");
});

test("break-glass keys open every host's file; each host's key still opens only its own", async (t) => {
    const dir = tempDir(t);
    const keys = hostKeys(dir, [...STAGING_HOSTS, "operator"]);
    const plan = await runPlan("staging", { config: sealedStaging(keys, { breakGlassKeys: [keys.operator!.recipient] }) });
    for (const host of STAGING_HOSTS) {
        const file = writeSealed(dir, host, sealedOf(plan)[host]!);
        assert.equal((await ageDecrypt(keys.operator!.identityFile, file)).code, 0, `operator opens ${host}'s file`);
        for (const other of STAGING_HOSTS.filter((h) => h !== host)) {
            assert.notEqual((await ageDecrypt(keys[other]!.identityFile, file)).code, 0, `${other} opens ${host}'s file`);
        }
    }
});

test("the state keeps no plaintext: a digest under a per-file key that is a secret output", async (t) => {
    const plan = await runPlan("staging", { config: sealedStaging(hostKeys(tempDir(t))) });
    const resources = plan.resources.filter((r) => r.type === SEALED_HOST_FILE_TYPE);
    assert.deepEqual(
        resources.map((r) => r.name).sort(),
        STAGING_HOSTS.map((h) => `sealed-${h}`),
    );
    const hosts = plan.outputs.hosts.value as HostsOutput;
    const state = JSON.stringify(plan.sealingState);
    for (const r of resources) {
        assert.deepEqual(r.additionalSecretOutputs, ["digestKey"], "the digest key is encrypted in real state");
        assert.equal(JSON.stringify(r.inputs.plaintext).includes(pulumi.runtime.specialSecretSig), true, "the plaintext input is a secret");
    }
    for (const host of STAGING_HOSTS) {
        for (const value of credentialValues(hosts, host)) assert.ok(!state.includes(value), `the state holds a secret of ${host}`);
        assert.ok(!state.includes(`[staging-`), "the state holds plaintext section headers");
    }
});
