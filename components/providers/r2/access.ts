/**
 * Cloudflare R2 token grants: one bucket-scoped permission group per token.
 * R2 has only two object-level groups, so copy gets the write group and with
 * it read and delete: the deviations named below.
 *
 * Source: developers.cloudflare.com/r2/api/tokens/ ("Permission groups",
 * "Bucket" resource): Item Write reads, writes and lists objects of the
 * buckets it is scoped to; Item Read reads and lists them. There is no
 * object-level group without delete.
 */
import type { AccessModel } from "../../permissions/access";
import { grantsForRole } from "../../permissions/access";
import type { DeviationCatalogue } from "../../permissions/effective";
import type { Role } from "../../permissions/roles";
import { R2_SOURCE_ADDRESSES } from "./addresses";

export const R2_ITEM_READ = "Workers R2 Storage Bucket Item Read";
export const R2_ITEM_WRITE = "Workers R2 Storage Bucket Item Write";
export type R2PermissionGroupName = typeof R2_ITEM_READ | typeof R2_ITEM_WRITE;

/** Scope of the bucket-level permission groups in the permission-groups list. */
export const R2_BUCKET_SCOPE = "com.cloudflare.edge.r2.bucket";

/** Account-level groups: they reach every bucket of the account (the deployer needs write; no key ever gets them). */
export const R2_ACCOUNT_WRITE = "Workers R2 Storage Write";
export const R2_ACCOUNT_READ = "Workers R2 Storage Read";
export const ACCOUNT_SCOPE = "com.cloudflare.api.account";
/** The account-level group that lets the deployer mint the per-host tokens. */
export const ACCOUNT_TOKENS_WRITE = "Account API Tokens Write";

export const R2_ACCESS: AccessModel = {
    grants: [
        { name: R2_ITEM_READ, allows: { list: "allowed", read: "allowed" } },
        { name: R2_ITEM_WRITE, allows: { list: "allowed", read: "allowed", write: "allowed", delete: "allowed" } },
    ],
    issue: { kind: "single-grant" },
    prefixEnforced: false,
    // Account-level groups reach every bucket of the account.
    forbidden: [R2_ACCOUNT_WRITE, R2_ACCOUNT_READ],
    addressLimit: R2_SOURCE_ADDRESSES,
};

const noLock = "none: R2 has no versioning and no lock rule covers this prefix";

export const R2_DEVIATIONS: DeviationCatalogue = {
    overwriteControl: (p) =>
        p.prefixLockDays !== undefined
            ? `bucket lock rule: objects under the prefix cannot be overwritten until they are ${p.prefixLockDays} days old`
            : noLock,
    beyondRole: {
        read: {
            id: "r2-write-implies-read",
            description: "R2's Item Write permission group also grants read; R2 cannot express list + write alone",
            control: "none: the token reads only its one bucket",
        },
        delete: {
            id: "r2-write-implies-delete",
            description: "R2's Item Write permission group also grants delete; R2 cannot express list + write alone",
            control: (p) =>
                p.prefixLockDays !== undefined
                    ? `bucket lock rule: objects under the prefix cannot be deleted until they are ${p.prefixLockDays} days old`
                    : "none: R2 has no versioning and no bucket lock rule covers this prefix",
        },
    },
    prefixNotEnforced: {
        id: "r2-prefix-not-enforced",
        description: "R2 tokens are scoped to a bucket, not a prefix: the whole bucket is reachable",
        control: "one bucket per trust boundary; the token reaches no other bucket",
    },
};

/** The permission group a token of `role` gets. */
export function r2PermissionGroup(role: Role): R2PermissionGroupName {
    return grantsForRole(R2_ACCESS, role)[0] as R2PermissionGroupName;
}

/** Resource key of one bucket in a token policy (`default` when the bucket has no jurisdiction). */
export function r2BucketResourceKey(accountId: string, jurisdiction: string | undefined, bucket: string): string {
    return `${R2_BUCKET_SCOPE}.${accountId}_${jurisdiction ?? "default"}_${bucket}`;
}

/** The parts of a bucket resource key, or undefined when `key` is not one. */
export function parseR2BucketResourceKey(key: string): { accountId: string; jurisdiction: string; bucket: string } | undefined {
    const m = R2_BUCKET_KEY.exec(key);
    return m ? { accountId: m[1]!, jurisdiction: m[2]!, bucket: m[3]! } : undefined;
}

const R2_BUCKET_KEY = new RegExp(`^${R2_BUCKET_SCOPE.replace(/\./g, "\\.")}\\.([^_]+)_([^_]+)_(.+)$`);

/** Finds the bucket name in any R2 bucket resource key inside a string. */
export const R2_KEY_BUCKET = new RegExp(`${R2_BUCKET_SCOPE.replace(/\./g, "\\.")}\\.[^_"]+_[^_"]+_([a-z0-9][a-z0-9-]{1,61}[a-z0-9])`, "g");

/**
 * `policies[].resources` of a token reaching exactly one bucket. Since
 * @pulumi/cloudflare 6.12 the field is a JSON string, not a map.
 */
export function r2TokenResources(accountId: string, jurisdiction: string | undefined, bucket: string): string {
    return JSON.stringify({ [r2BucketResourceKey(accountId, jurisdiction, bucket)]: "*" });
}

/**
 * Cloudflare's IDs of the two bucket-item groups: global, not per account
 * (seen in Cloudflare's API answers quoted by many public projects). The
 * program looks them up by name; the offline plan answers with these, and
 * the policy pack uses them unless its config overrides them (Cloudflare has
 * changed group IDs before).
 */
export const KNOWN_R2_GROUP_IDS: Readonly<Record<R2PermissionGroupName, string>> = {
    [R2_ITEM_READ]: "6a018a9f2fc74eb6b293b0c548f38b39",
    [R2_ITEM_WRITE]: "2efd5506f9c8494dacb1fa10a3e7d5b6",
};
