/**
 * The sealing provider as the Pulumi engine runs it: serialized by the SDK
 * into the resource's `__provider` input, then loaded from that text by the
 * dynamic-provider host — a plain node process that has the project's
 * node_modules but none of its TypeScript.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { type SealInputs, type SealOutputs, sealingProvider } from "../../components/sealing/provider";
import { ageDecrypt, ageKeygen } from "../support/age";
import { REPO, tempDir } from "../pull-config/helpers";

const PLAINTEXT = "# managed by backup-remotes (stack staging): do not edit\n[staging-db]\ntype = s3\nsecret_access_key = s3cr3t\n";

/** Run the serialized provider's create, then diff, in a plain node process from the project directory (no tsx). */
function runSerialized(
    providerText: string,
    inputs: SealInputs,
    changed: SealInputs,
    dir: string,
): Promise<{ outs: SealOutputs; same: boolean; changed: boolean }> {
    const file = join(dir, "provider.js");
    writeFileSync(file, providerText);
    // How cmd/dynamic-provider loads it: require-from-string on the text, then handler().
    const script = `
        const { dirname } = require("node:path");
        const rfs = require(require.resolve("require-from-string", { paths: [dirname(require.resolve("@pulumi/pulumi"))] }));
        const provider = rfs(require("node:fs").readFileSync(${JSON.stringify(file)}, "utf8")).handler();
        (async () => {
            const inputs = ${JSON.stringify(inputs)};
            const { outs } = await provider.create(inputs);
            const same = (await provider.diff("id", outs, inputs)).changes;
            const changed = (await provider.diff("id", outs, ${JSON.stringify(changed)})).changes;
            process.stdout.write(JSON.stringify({ outs, same: !same, changed }));
        })().catch((e) => { console.error(e); process.exit(1); });`;
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["-e", script], { cwd: REPO, env: { PATH: process.env.PATH ?? "" } }, (err, stdout, stderr) => {
            if (err) reject(new Error(`serialized provider failed: ${stderr}`));
            else resolve(JSON.parse(stdout) as { outs: SealOutputs; same: boolean; changed: boolean });
        });
    });
}

test("the provider as the engine serializes and loads it seals files Debian's age opens, and diffs them", async (t) => {
    const dir = tempDir(t);
    const host = ageKeygen(dir, "db1");
    const serialized = await pulumi.runtime.serializeFunction(() => sealingProvider, { allowSecrets: true });
    assert.equal(serialized.containsSecrets, false, "the provider code captures no secret");
    const inputs: SealInputs = { host: "db1", plaintext: PLAINTEXT, recipients: [host.recipient] };
    const result = await runSerialized(serialized.text, inputs, { ...inputs, plaintext: PLAINTEXT.replace("s3cr3t", "rotated") }, dir);
    assert.equal(result.same, true, "same plaintext and recipients: no change");
    assert.equal(result.changed, true, "a changed plaintext is a change");
    const file = join(dir, "db1.age");
    writeFileSync(file, result.outs.ciphertext);
    const opened = await ageDecrypt(host.identityFile, file);
    assert.equal(opened.code, 0, opened.stderr);
    assert.equal(opened.stdout, PLAINTEXT);
});

test("diff: unchanged only when the plaintext and the set of recipients are the same", async (t) => {
    const dir = tempDir(t);
    const [a, b] = [ageKeygen(dir, "a").recipient, ageKeygen(dir, "b").recipient];
    const inputs: SealInputs = { host: "db1", plaintext: PLAINTEXT, recipients: [a, b] };
    const { outs } = await sealingProvider.create(inputs);
    const sealed = outs as SealOutputs;
    const changes = async (news: SealInputs, olds: Partial<SealOutputs> = sealed) => (await sealingProvider.diff("id", olds, news)).changes;
    assert.equal(await changes(inputs), false);
    assert.equal(await changes({ ...inputs, recipients: [b, a] }), false, "recipient order does not matter");
    assert.equal(await changes({ ...inputs, plaintext: PLAINTEXT + "\n" }), true, "one byte more");
    assert.equal(await changes({ ...inputs, recipients: [a] }), true, "a recipient removed");
    assert.equal(await changes({ ...inputs, host: "db2" }), true);
    // During preview a plaintext that depends on a key being replaced is unknown: it will change.
    assert.equal(await changes({ ...inputs, plaintext: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }), true);
    const { digestKey: _dropped, ...withoutKey } = sealed;
    assert.equal(await changes(inputs, withoutKey), true, "state without a digest key is sealed again");
});

test("the stored digest is keyed per file: two files of the same plaintext share nothing a reader of the state could link", async (t) => {
    const recipient = ageKeygen(tempDir(t), "db1").recipient;
    const inputs: SealInputs = { host: "db1", plaintext: PLAINTEXT, recipients: [recipient] };
    const one = (await sealingProvider.create(inputs)).outs as SealOutputs;
    const two = (await sealingProvider.create(inputs)).outs as SealOutputs;
    assert.notEqual(one.digest, two.digest);
    assert.notEqual(one.ciphertext, two.ciphertext);
    assert.match(one.digestKey, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify({ ...one, digestKey: undefined }).includes("s3cr3t"));
    // Without the (secret) key the digest cannot be checked against a guess; with it, it can: that is the diff.
    assert.equal((await sealingProvider.diff("id", { ...one, digestKey: two.digestKey }, inputs)).changes, true);
});
