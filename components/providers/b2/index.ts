/** The Backblaze B2 provider profile. */
import type { ProviderProfile } from "../profile";
import { B2_CREDENTIAL_INPUTS } from "./credential-inputs";
import { B2_ACCESS, B2_DEVIATIONS, b2Capabilities } from "./access";
import { B2BackupBucket } from "./bucket";
import { B2BackupCredential, b2KeyNameProblem } from "./credential";
import { B2_DEPLOYER } from "./deployer";
import { B2_KEY_EXPIRY, b2KeyExpiryProblems } from "./expiry";
import { assertB2DeployerIsNotMasterKey } from "./guard";
import { B2_MOCKS } from "./mocks";
import { B2_PROBES } from "./probes";
import { b2BucketModel } from "./protections";
import { B2_TYPES } from "./resources";
import { B2, b2RemoteSchema, type B2RemoteConfig } from "./schema";

export const b2Profile: ProviderProfile<B2RemoteConfig> = {
    name: B2,
    title: "Backblaze B2",
    remoteSchema: b2RemoteSchema,
    access: B2_ACCESS,
    deviations: B2_DEVIATIONS,
    grantsIssued: (_config, role) => b2Capabilities(role),
    bucketModel: (config) => b2BucketModel(config),
    provision(name, args, opts) {
        // No probe-expiry rule on B2: its lifecycle rules may not overlap, and the whole-bucket rule covers
        // every file. A copy key hides its probe instead; the whole-bucket rule deletes hidden versions.
        const bucket = new B2BackupBucket(name, args, opts);
        return {
            model: bucket.model,
            // Keys are restricted by bucket ID, which only the bucket resource knows.
            issueCredential: (n, a, o) => new B2BackupCredential(n, { ...a, remote: args.config, bucketId: bucket.bucketId }, o),
        };
    },
    guardDeployer: assertB2DeployerIsNotMasterKey,
    deployer: B2_DEPLOYER,
    probes: B2_PROBES,
    mocks: B2_MOCKS,
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
