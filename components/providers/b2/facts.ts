/** The Backblaze B2 provider's facts: the profile without its Pulumi resources (index.ts adds them). */
import type { ProviderFacts } from "../profile";
import { B2_CREDENTIAL_INPUTS } from "./credential-inputs";
import { B2_ACCESS, B2_DEVIATIONS, b2Capabilities } from "./access";
import { b2KeyNameProblem } from "./key-name";
import { B2_DEPLOYER } from "./deployer";
import { B2_KEY_EXPIRY, b2KeyExpiryProblems } from "./expiry";
import { B2_PROBES } from "./probes";
import { b2BucketModel } from "./protections";
import { B2_TYPES } from "./resources";
import { B2, b2RemoteSchema, type B2RemoteConfig } from "./schema";

export const b2Facts: ProviderFacts<B2RemoteConfig> = {
    name: B2,
    title: "Backblaze B2",
    remoteSchema: b2RemoteSchema,
    access: B2_ACCESS,
    deviations: B2_DEVIATIONS,
    grantsIssued: (_config, role) => b2Capabilities(role),
    bucketModel: (config) => b2BucketModel(config),
    deployer: B2_DEPLOYER,
    probes: B2_PROBES,
    credentialInputs: B2_CREDENTIAL_INPUTS,
    resources: {
        buckets: { [B2_TYPES.bucket]: "bucketName" },
        credentials: { [B2_TYPES.applicationKey]: ["applicationKey"] },
        bucketReferences: [],
        // Keys and rules reference a bucket by id, which names no environment.
        bucketReferenceProperties: [],
    },
    identityNameProblem: b2KeyNameProblem,
    // b2_upload_file: file names are at most 1,024 bytes of UTF-8.
    maxObjectNameBytes: 1024,
    keyExpiry: B2_KEY_EXPIRY,
    keyExpiryProblems: b2KeyExpiryProblems,
    identityQuota: {
        counts: "application keys",
        defaultQuota: 100_000_000,
        source: "Backblaze: 100 million application keys per account",
        account: () => ({ id: "deploy key's account", identifiedBy: "b2:applicationKeyId (or B2_APPLICATION_KEY_ID)" }),
    },
};
