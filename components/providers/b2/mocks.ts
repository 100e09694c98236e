/** What B2 would answer, for the offline plan: deterministic fakes. */
import { fakeHex, MOCK_SECRET_PREFIX } from "../mock-values";
import type { ProviderMocks } from "../profile";
import { B2_TYPES } from "./resources";

/** The B2 account the offline plan pretends to deploy into. */
export const MOCK_B2_ACCOUNT_ID = "0123456789ab";

/**
 * The key's bucket restriction as terraform-provider-b2 v0.13.0 stores it: both `bucketId` and
 * `bucketIds`, whichever was set (ApplicationKey._postprocess in its python-bindings), "" and []
 * when the key is not restricted.
 */
function restrictionState(inputs: Record<string, unknown>): { bucketId: string; bucketIds: string[] } {
    const ids = Array.isArray(inputs.bucketIds)
        ? inputs.bucketIds.map(String)
        : typeof inputs.bucketId === "string" && inputs.bucketId !== ""
          ? [inputs.bucketId]
          : [];
    return { bucketId: ids[0] ?? "", bucketIds: ids };
}

export const B2_MOCKS: ProviderMocks = {
    computedOutputs: {
        // B2 bucket IDs are 24 hex characters; the account ID is 12.
        [B2_TYPES.bucket]: (_n, i) => {
            const bucketId = fakeHex(`bucket:${String(i.bucketName)}`, 24);
            return { id: bucketId, outputs: { bucketId, accountId: MOCK_B2_ACCOUNT_ID, revision: 1, options: [] } };
        },
        // Restricted key IDs are 25 characters (the master key's is the 12-character account ID).
        [B2_TYPES.applicationKey]: (n, i) => {
            const applicationKeyId = `005${fakeHex(`keyid:${n}`, 22)}`;
            return {
                id: applicationKeyId,
                outputs: {
                    applicationKeyId,
                    applicationKey: `${MOCK_SECRET_PREFIX}-${fakeHex(`b2key:${n}`, 31)}`,
                    options: [],
                    ...restrictionState(i),
                },
            };
        },
    },
    callResults: {},
};
