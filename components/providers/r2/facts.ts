/** The Cloudflare R2 provider's facts: the profile without its Pulumi resources (index.ts adds them). */
import type { ConfigProblem, CrossFieldContext, ProviderFacts } from "../profile";
import { R2_CREDENTIAL_INPUTS } from "./credential-inputs";
import { R2_ACCESS, R2_DEVIATIONS, R2_KEY_BUCKET, r2PermissionGroup } from "./access";
import { r2AddressProblems, r2TokenAddresses } from "./addresses";
import { R2_DEPLOYER } from "./deployer";
import { R2_KEY_EXPIRY, r2KeyExpiryProblems, r2PastExpiryProblem } from "./expiry";
import { R2_PROBES } from "./probes";
import { r2BucketModel } from "./protections";
import { R2_TYPES } from "./resources";
import { R2, r2RemoteSchema, type R2RemoteConfig } from "./schema";

export const r2Facts: ProviderFacts<R2RemoteConfig> = {
    name: R2,
    title: "Cloudflare R2",
    remoteSchema: r2RemoteSchema,
    crossFieldProblems: r2CrossFieldProblems,
    keyAddresses: r2TokenAddresses,
    overlapConsequence(settings, copyPrefix) {
        // Without lockDays (allowed outside prod) there is no lock to conflict with.
        return settings.lockDays !== undefined
            ? `, and the ${settings.lockDays}-day bucket lock on "${copyPrefix}" would refuse the sync's deletions and overwrites`
            : "";
    },
    // R2 limits: object keys are at most 1,024 bytes.
    maxObjectNameBytes: 1024,
    access: R2_ACCESS,
    deviations: R2_DEVIATIONS,
    grantsIssued: (_config, role) => [r2PermissionGroup(role)],
    bucketModel: r2BucketModel,
    deployer: R2_DEPLOYER,
    probes: R2_PROBES,
    credentialInputs: R2_CREDENTIAL_INPUTS,
    resources: {
        buckets: { [R2_TYPES.bucket]: "name" },
        credentials: { [R2_TYPES.apiToken]: ["value"], [R2_TYPES.accountToken]: ["value"] },
        bucketReferences: [R2_KEY_BUCKET],
        bucketReferenceProperties: ["bucketName"],
    },
    // Cloudflare documents no length limit for token names: no name check here.
    keyExpiry: R2_KEY_EXPIRY,
    keyExpiryProblems: r2KeyExpiryProblems,
    identityQuota: {
        counts: "account-owned API tokens",
        defaultQuota: 500,
        source: "Cloudflare: 500 account-owned API tokens per account",
        account: (config, remote) => ({ id: config.accountId, identifiedBy: `backup-remotes:remotes.${remote}.accountId` }),
    },
};

/**
 * In production an R2 remote that a copy credential writes to must lock what
 * it archives (R2 has no versioning); and a lock may not outlast the expiry
 * that must delete what it locks.
 */
function r2CrossFieldProblems(ctx: CrossFieldContext<R2RemoteConfig>): ConfigProblem[] {
    const { remote, settings, invalid, production, optOut, credentials, now } = ctx;
    const copies = credentials.filter((c) => c.role === "copy").map((c) => `"${c.name}"`);
    const problems: ConfigProblem[] = [];
    const { lockDays } = settings;
    // A lockDays with a problem of its own is reported as that problem, not as missing.
    if (production && lockDays === undefined && !invalid.includes("lockDays") && copies.length > 0) {
        problems.push({
            path: ["remotes", remote, "lockDays"],
            message:
                `is required in a production environment: copy credential${copies.length > 1 ? "s" : ""} ${copies.join(", ")} can ` +
                `delete and overwrite on R2, and only a bucket lock rule (lockDays, e.g. 90) protects what they archive ${optOut}`,
        });
    }
    const expiry = settings.lifecycle?.expirationDays;
    if (lockDays !== undefined && expiry !== undefined && copies.length > 0 && lockDays > expiry) {
        problems.push({
            path: ["remotes", remote, "lockDays"],
            message:
                `(${lockDays}) is longer than lifecycle.expirationDays (${expiry}): the lifecycle would have to delete objects ` +
                `that are still locked under the copy prefixes; set lockDays to at most ${expiry}, or expirationDays to at least ${lockDays}`,
        });
    }
    problems.push(...r2PastExpiryProblem(remote, settings, now));
    problems.push(...r2AddressProblems(ctx));
    return problems;
}
