/** R2 tokens that the permissions output says expire carry an expiresOn no later than that. */
import { identityName } from "../../components/naming";
import { R2_TYPES } from "../../components/providers/r2/resources";
import { R2 } from "../../components/providers/r2/schema";
import type { StackRule } from "../rule";
import { isKnown, known } from "../resources";
import { checkExpiry } from "./keys";

export const r2TokenExpiry: StackRule = {
    kind: "stack",
    name: "r2-token-expiry",
    description: "Every R2 token the permissions output says expires carries an expiresOn no later than that instant.",
    check(resources, ctx) {
        checkExpiry(resources, ctx, R2, {
            types: [R2_TYPES.accountToken, R2_TYPES.apiToken],
            property: "name",
            nameOf: ({ entry, generation }) => identityName(entry.environment, entry.credential, generation.host, generation.generation),
            gap({ generation }, token) {
                const on = known(() => token.props.expiresOn);
                if (!isKnown(on)) return undefined;
                return typeof on === "string" && Date.parse(on) <= Date.parse(generation.expiresOn)
                    ? undefined
                    : `expiresOn is ${String(on ?? "unset")}, not at most ${generation.expiresOn}`;
            },
        });
    },
};
