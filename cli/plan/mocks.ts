/**
 * What the cloud would answer, for the offline plan. Computed outputs are
 * deterministic fakes (so plans are stable), and the outputs a real provider
 * marks secret are secret here too, as the engine would make them.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { SealInputs } from "../../components/sealing/provider";
import { SEALED_HOST_FILE_TYPE } from "../../components/sealing/sealed-host-file";
import { type SealingRun, unwrapSecrets } from "./sealing-state";

export function fakeHex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** Prefix of every fake secret value, so tests can prove none is printed. */
export const MOCK_SECRET_PREFIX = "mocksecret";

/** The B2 account the offline plan pretends to deploy into. */
export const MOCK_B2_ACCOUNT_ID = "0123456789ab";

type Outputs = Record<string, unknown>;
type OutputRule = (name: string, inputs: Outputs) => { id?: string; outputs: Outputs };

/** Computed outputs per resource type; leaves add their rows. */
export const COMPUTED_OUTPUTS: Record<string, OutputRule> = {
    "aws:s3/bucket:Bucket": (_n, i) => ({
        id: String(i.bucket),
        outputs: { arn: `arn:aws:s3:::${String(i.bucket)}`, bucketDomainName: `${String(i.bucket)}.s3.amazonaws.com` },
    }),
    "aws:iam/user:User": (_n, i) => ({
        id: String(i.name),
        outputs: { arn: `arn:aws:iam::000000000000:user${String(i.path ?? "/")}${String(i.name)}`, uniqueId: `AIDAMOCK${fakeHex(String(i.name), 12).toUpperCase()}` },
    }),
    "aws:iam/accessKey:AccessKey": (n) => ({
        id: `MOCKAKID${fakeHex(n, 12).toUpperCase()}`,
        outputs: { secret: `${MOCK_SECRET_PREFIX}-${fakeHex(`secret:${n}`, 32)}` },
    }),
    // B2 bucket IDs are 24 hex characters; the account ID is 12.
    "b2:index/bucket:Bucket": (_n, i) => {
        const bucketId = fakeHex(`bucket:${String(i.bucketName)}`, 24);
        return { id: bucketId, outputs: { bucketId, accountId: MOCK_B2_ACCOUNT_ID, revision: 1, options: [] } };
    },
    // Restricted key IDs are 25 characters (the master key's is the 12-character account ID).
    "b2:index/applicationKey:ApplicationKey": (n) => {
        const applicationKeyId = `005${fakeHex(`keyid:${n}`, 22)}`;
        return {
            id: applicationKeyId,
            outputs: { applicationKeyId, applicationKey: `${MOCK_SECRET_PREFIX}-${fakeHex(`b2key:${n}`, 31)}`, options: [] },
        };
    },
    "cloudflare:index/r2Bucket:R2Bucket": (_n, i) => ({
        id: String(i.name),
        outputs: { jurisdiction: i.jurisdiction ?? "default", storageClass: i.storageClass ?? "Standard", creationDate: "2026-01-01T00:00:00.000Z" },
    }),
    // The real provider marks `value` secret (additionalSecretOutputs); the mock returns it secret itself too.
    "cloudflare:index/accountToken:AccountToken": (n) => ({
        id: fakeHex(`token-id:${n}`, 32),
        outputs: {
            value: pulumi.secret(`${MOCK_SECRET_PREFIX}-${fakeHex(`token-value:${n}`, 32)}`),
            status: "active", issuedOn: "2026-01-01T00:00:00Z", modifiedOn: "2026-01-01T00:00:00Z",
        },
    }),
};

export const DEFAULT_CALL_RESULTS: Record<string, Outputs> = {
    "aws:index/getCallerIdentity:getCallerIdentity": {
        accountId: "000000000000",
        arn: "arn:aws:iam::000000000000:user/deploy/backup-remotes-deployer",
        userId: "AIDAMOCKDEPLOYER",
        id: "000000000000",
    },
    // IDs as Cloudflare publishes them (developers.cloudflare.com/r2/api/tokens/ shows Item Read's);
    // the account-level R2 groups are listed too, so a lookup must pick by name and scope.
    "cloudflare:index/getAccountApiTokenPermissionGroupsList:getAccountApiTokenPermissionGroupsList": {
        results: [
            { id: "2efd5506f9c8494dacb1fa10a3e7d5b6", name: "Workers R2 Storage Bucket Item Write", category: "developer_platform", isSelectable: true, scopes: ["com.cloudflare.edge.r2.bucket"] },
            { id: "6a018a9f2fc74eb6b293b0c548f38b39", name: "Workers R2 Storage Bucket Item Read", category: "developer_platform", isSelectable: true, scopes: ["com.cloudflare.edge.r2.bucket"] },
            { id: "bf7481a1826f439697cb59a20b22293e", name: "Workers R2 Storage Write", category: "developer_platform", isSelectable: true, scopes: ["com.cloudflare.api.account"] },
            { id: "b4992e1108244f5d8bfbd5744320c2e1", name: "Workers R2 Storage Read", category: "developer_platform", isSelectable: true, scopes: ["com.cloudflare.api.account"] },
        ],
    },
};

export interface PlanMocksOptions {
    /** Override answers of provider functions (e.g. a root caller identity in tests). */
    readonly callResults?: Record<string, Outputs>;
    /** Output names the program asked to keep secret, per `${type}::${name}`. */
    readonly secretOutputs: Map<string, string[]>;
    /** Filled with each resource's inputs (secrets still wrapped), per `${type}::${name}`. */
    readonly inputs: Map<string, Record<string, unknown>>;
    /** Sealed host files: the real provider runs against this state (see sealing-state.ts). */
    readonly sealing: SealingRun;
}

export function planMocks(options: PlanMocksOptions): pulumi.runtime.Mocks {
    const calls = { ...DEFAULT_CALL_RESULTS, ...options.callResults };
    return {
        async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string | undefined; state: Outputs }> {
            options.inputs.set(`${args.type}::${args.name}`, args.inputs as Outputs);
            if (args.type === SEALED_HOST_FILE_TYPE) {
                // Real encryption by the real provider; the state holds what the provider returned, as the engine's does.
                const outs = await options.sealing.register(args.name, unwrapSecrets(args.inputs) as SealInputs);
                const state: Outputs = { ...outs };
                for (const key of options.secretOutputs.get(`${args.type}::${args.name}`) ?? []) state[key] = pulumi.secret(state[key]);
                return { id: `sealed-${outs.host}`, state };
            }
            const rule = COMPUTED_OUTPUTS[args.type];
            const computed = rule ? rule(args.name, args.inputs as Outputs) : { outputs: {} };
            const state: Outputs = { ...args.inputs, ...computed.outputs };
            for (const key of options.secretOutputs.get(`${args.type}::${args.name}`) ?? []) {
                if (key in state) state[key] = pulumi.secret(state[key]);
            }
            return { id: args.custom === false ? undefined : computed.id ?? `${args.name}-id`, state };
        },
        call(args: pulumi.runtime.MockCallArgs): Outputs {
            const result = calls[args.token];
            if (result === undefined) throw new Error(`offline plan: no mock answer for provider function ${args.token}`);
            return result;
        },
    };
}
