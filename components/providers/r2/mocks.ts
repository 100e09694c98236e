/** What Cloudflare would answer, for the offline plan: deterministic fakes. */
import * as pulumi from "@pulumi/pulumi";
import { fakeHex, MOCK_SECRET_PREFIX } from "../mock-values";
import type { ProviderMocks } from "../profile";
import { ACCOUNT_SCOPE, KNOWN_R2_GROUP_IDS, R2_ACCOUNT_READ, R2_ACCOUNT_WRITE, R2_BUCKET_SCOPE, R2_ITEM_READ, R2_ITEM_WRITE } from "./access";
import { TOKEN_CONFIG } from "./guard";
import { R2_TYPES } from "./resources";

/** Obviously not a token; a secret config value, so it is never printed. */
export const OFFLINE_TOKEN_STAND_IN = "[offline plan: no Cloudflare API token needed]";

export const R2_MOCKS: ProviderMocks = {
    deployerConfig: { [TOKEN_CONFIG]: OFFLINE_TOKEN_STAND_IN },
    computedOutputs: {
        [R2_TYPES.bucket]: (_n, i) => ({
            id: String(i.name),
            outputs: { jurisdiction: i.jurisdiction ?? "default", storageClass: i.storageClass ?? "Standard", creationDate: "2026-01-01T00:00:00.000Z" },
        }),
        // The real provider marks `value` secret (additionalSecretOutputs); the mock returns it secret itself too.
        [R2_TYPES.accountToken]: (n) => ({
            id: fakeHex(`token-id:${n}`, 32),
            outputs: {
                value: pulumi.secret(`${MOCK_SECRET_PREFIX}-${fakeHex(`token-value:${n}`, 32)}`),
                status: "active",
                issuedOn: "2026-01-01T00:00:00Z",
                modifiedOn: "2026-01-01T00:00:00Z",
            },
        }),
    },
    callResults: {
        // The account-level R2 groups are listed too, so a lookup must pick by name and scope.
        [R2_TYPES.permissionGroups]: {
            results: [
                { id: KNOWN_R2_GROUP_IDS[R2_ITEM_WRITE], name: R2_ITEM_WRITE, category: "developer_platform", isSelectable: true, scopes: [R2_BUCKET_SCOPE] },
                { id: KNOWN_R2_GROUP_IDS[R2_ITEM_READ], name: R2_ITEM_READ, category: "developer_platform", isSelectable: true, scopes: [R2_BUCKET_SCOPE] },
                { id: "bf7481a1826f439697cb59a20b22293e", name: R2_ACCOUNT_WRITE, category: "developer_platform", isSelectable: true, scopes: [ACCOUNT_SCOPE] },
                { id: "b4992e1108244f5d8bfbd5744320c2e1", name: R2_ACCOUNT_READ, category: "developer_platform", isSelectable: true, scopes: [ACCOUNT_SCOPE] },
            ],
        },
    },
};
