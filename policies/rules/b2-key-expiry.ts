/**
 * B2 keys that the permissions output says expire carry a lifetime. A B2 key
 * keeps the lifetime it was created with (it cannot change without being
 * replaced), so a live key may carry an earlier maximum age than the config
 * states now: what must hold is that it expires at all, within B2's limit.
 */
import { b2KeyName } from "../../components/providers/b2/credential";
import { DAY_SECONDS } from "../../components/providers/b2/expiry";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { B2, B2_MAX_KEY_LIFETIME_DAYS } from "../../components/providers/b2/schema";
import type { StackRule } from "../rule";
import { isKnown, known } from "../resources";
import { checkExpiry } from "./keys";

export const b2KeyExpiry: StackRule = {
    kind: "stack",
    name: "b2-key-expiry",
    description: "Every B2 key the permissions output says expires has a validDurationInSeconds (B2 counts it from the key's creation).",
    check(resources, ctx) {
        checkExpiry(resources, ctx, B2, {
            types: [B2_TYPES.applicationKey],
            property: "keyName",
            nameOf: ({ entry, generation }) => b2KeyName(entry.environment, entry.credential, generation.host, generation.generation),
            gap({ lifetimeDays }, key) {
                const seconds = known(() => key.props.validDurationInSeconds);
                if (!isKnown(seconds)) return undefined;
                return typeof seconds === "number" && seconds > 0 && seconds <= B2_MAX_KEY_LIFETIME_DAYS * DAY_SECONDS
                    ? undefined
                    : `validDurationInSeconds is ${String(seconds ?? "unset")}: the key never expires (expected ${lifetimeDays * DAY_SECONDS}, ${lifetimeDays} days)`;
            },
        });
    },
};
