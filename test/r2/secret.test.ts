/** The S3 secret of an R2 token: SHA-256 hex of the token value, and a Pulumi secret. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { r2SecretAccessKey, sha256Hex } from "../../components/providers/r2/secret";

describe("R2 secret access key", () => {
    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }),
                call: (a) => a.inputs,
            },
            "backup-remotes",
            "test",
            false,
        );
    });

    it("is the SHA-256 hex digest (FIPS 180-2 test vectors)", () => {
        assert.equal(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert.equal(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert.equal(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    });

    it("stays secret even when the token value was not marked secret", async () => {
        const derived = r2SecretAccessKey(pulumi.output("abc"));
        assert.equal(await pulumi.isSecret(derived), true);
        const value = await new Promise<string>((res) =>
            pulumi.unsecret(derived).apply((v) => {
                res(v);
                return v;
            }),
        );
        assert.equal(value, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    });
});
