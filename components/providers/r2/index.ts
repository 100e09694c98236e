/** The Cloudflare R2 provider profile: its facts (facts.ts) and the Pulumi resources the program registers. */
import type { ProviderProfile } from "../profile";
import { R2BackupBucket } from "./bucket";
import { R2BackupCredential } from "./credential";
import { r2DeployerHint } from "./deployer";
import { r2Facts } from "./facts";
import { assertCloudflareDeployerUsesScopedToken } from "./guard";
import { R2_MOCKS } from "./mocks";
import type { R2RemoteConfig } from "./schema";

export const r2Profile: ProviderProfile<R2RemoteConfig> = {
    ...r2Facts,
    provision(name, args, opts) {
        const bucket = new R2BackupBucket(name, args, opts);
        return { model: bucket.model, issueCredential: (n, a, o) => new R2BackupCredential(n, { ...a, remote: args.config }, o) };
    },
    guardDeployer: ({ config, env, deployment }) => assertCloudflareDeployerUsesScopedToken(config, env, r2DeployerHint(deployment)),
    mocks: R2_MOCKS,
};
