/**
 * How each input of a B2 application key changes what the key may do. B2
 * keys cannot be changed, only replaced (every input of
 * b2:index/applicationKey:ApplicationKey "will force creation of a new
 * resource", sdks/b2/applicationKey.ts): any change replaces the live key,
 * except a rotation-managed key's lifetime, which the program keeps as
 * created (B2_FIXED_AT_CREATION, expiry.ts).
 */
import type { CredentialInputTable } from "../credential-inputs";
import { boundingIds, grantSet, lifetimeSeconds, namePrefix, neutral } from "../input-comparers";
import { B2_FIXED_AT_CREATION } from "./expiry";
import { B2_TYPES } from "./resources";

/** The buckets a key is restricted to, in either form (`bucketId` of v3 keys, `bucketIds` of v4 keys); absent: all of them. */
function keyBuckets(inputs: Readonly<Record<string, unknown>>): unknown {
    if (inputs.bucketIds !== undefined) return inputs.bucketIds;
    return inputs.bucketId === undefined ? undefined : [inputs.bucketId];
}

export const B2_CREDENTIAL_INPUTS: CredentialInputTable = {
    [B2_TYPES.applicationKey]: {
        label: "application key",
        holdsKey: true,
        rules: [
            { inputs: ["capabilities"], compare: grantSet({ aspect: "actions" }), replaces: true },
            { inputs: ["bucketId", "bucketIds"], value: keyBuckets, compare: boundingIds("resources", "every bucket of the account"), replaces: true },
            { inputs: ["namePrefix"], compare: namePrefix(), replaces: true },
            {
                inputs: ["validDurationInSeconds"],
                compare: lifetimeSeconds(),
                replaces: true,
                fixedWhenExpiring: B2_FIXED_AT_CREATION.includes("validDurationInSeconds"),
            },
            { inputs: ["keyName"], compare: neutral(), replaces: true },
        ],
    },
};
