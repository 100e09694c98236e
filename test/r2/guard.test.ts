/** The deploy must use a scoped Cloudflare API token, never the global API key. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertCloudflareDeployerUsesScopedToken } from "../../components/providers/r2/guard";

const TOKEN = { "cloudflare:apiToken": "scoped-token-value" };

describe("Cloudflare deployer guard", () => {
    it("accepts a scoped API token from config or environment", () => {
        assert.doesNotThrow(() => assertCloudflareDeployerUsesScopedToken(TOKEN, {}));
        assert.doesNotThrow(() => assertCloudflareDeployerUsesScopedToken({}, { CLOUDFLARE_API_TOKEN: "t" }));
    });

    it("refuses the global API key in config, naming the keys but never their values", () => {
        const config = { ...TOKEN, "cloudflare:apiKey": "GLOBALKEYVALUE", "cloudflare:email": "ops@example.com" };
        assert.throws(
            () => assertCloudflareDeployerUsesScopedToken(config, {}),
            (e: Error) => {
                assert.match(
                    e.message,
                    /^refusing to deploy R2 with the Cloudflare global API key \(config cloudflare:apiKey, config cloudflare:email is set\)/,
                );
                assert.match(e.message, /pulumi config set --secret cloudflare:apiToken/);
                assert.doesNotMatch(e.message, /GLOBALKEYVALUE|ops@example\.com/);
                return true;
            },
        );
    });

    it("refuses the global key from the environment, where the provider would pick it up", () => {
        assert.throws(
            () => assertCloudflareDeployerUsesScopedToken(TOKEN, { CLOUDFLARE_API_KEY: "k", CLOUDFLARE_EMAIL: "e" }),
            /global API key \(environment variable CLOUDFLARE_API_KEY, environment variable CLOUDFLARE_EMAIL is set\)/,
        );
    });

    it("refuses to run without any token, saying how to set one", () => {
        assert.throws(
            () => assertCloudflareDeployerUsesScopedToken({}, { CLOUDFLARE_API_TOKEN: "" }),
            /^Error: no Cloudflare API token for the R2 remotes: set `pulumi config set --secret cloudflare:apiToken <token>`/,
        );
    });
});
