import assert from "node:assert/strict";
import { test } from "node:test";
import { DEPLOYER_OPTIONS } from "../../components/providers/deployer-options";
import { PROVIDERS } from "../../components/providers/registry";

// deployer-policy defines its flags from the light list, before it loads the registry: a provider's option
// missing from it would be refused as an unknown flag, one left over after its provider dropped it accepted.
test("the deployer-policy flags are exactly the options of the providers' deployer profiles", () => {
    assert.deepEqual(
        DEPLOYER_OPTIONS.map((o) => o.flag),
        PROVIDERS.profiles.flatMap((p) => p.deployer.options.map((o) => o.flag)),
    );
    for (const o of DEPLOYER_OPTIONS)
        assert.ok(
            PROVIDERS.profiles.some((p) => p.deployer.options.includes(o)),
            o.flag,
        );
});
