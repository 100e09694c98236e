/** The Backblaze B2 provider profile: its facts (facts.ts) and the Pulumi resources the program registers. */
import type { ProviderProfile } from "../profile";
import { B2BackupBucket } from "./bucket";
import { B2BackupCredential } from "./credential";
import { b2Facts } from "./facts";
import { assertB2DeployerIsNotMasterKey } from "./guard";
import { B2_MOCKS } from "./mocks";
import type { B2RemoteConfig } from "./schema";

export const b2Profile: ProviderProfile<B2RemoteConfig> = {
    ...b2Facts,
    provision(name, args, opts) {
        const bucket = new B2BackupBucket(name, args, opts);
        return {
            model: bucket.model,
            issueCredential: (n, a, o) => new B2BackupCredential(n, { ...a, remote: args.config, bucketId: bucket.bucketId }, o),
        };
    },
    guardDeployer: assertB2DeployerIsNotMasterKey,
    mocks: B2_MOCKS,
};
