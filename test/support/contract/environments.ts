/**
 * The contract suite's environments: staging with nine sections (three
 * credentials, one per role, each on three hosts) and a small prod whose
 * bucket staging's keys must not reach.
 */
import type { ContractCredential } from "./deploy";

export const STAGING_CREDENTIALS: Readonly<Record<string, ContractCredential>> = {
    "db-archive": { role: "copy", prefix: "db/", hosts: ["db1", "db2", "db3"] },
    "files-mirror": { role: "sync", prefix: "files/", hosts: ["files1", "files2", "files3"] },
    "restore-check": { role: "verify", prefix: "", hosts: ["mon1", "mon2", "mon3"] },
};

export const PROD_CREDENTIALS: Readonly<Record<string, ContractCredential>> = {
    "db-archive": { role: "copy", prefix: "db/", hosts: ["db1"] },
    "restore-check": { role: "verify", prefix: "", hosts: ["mon1"] },
};

/**
 * Staging with one more host per widened copy key: every section of the
 * widened-keys test gets its own single excess grant.
 */
export const WIDE_CREDENTIALS: Readonly<Record<string, ContractCredential>> = {
    "db-archive": { role: "copy", prefix: "db/", hosts: ["db1", "db2", "db3", "db4", "db5", "db6"] },
    "files-mirror": { role: "sync", prefix: "files/", hosts: ["files1", "files2", "files3"] },
    "restore-check": { role: "verify", prefix: "", hosts: ["mon1", "mon2", "mon3"] },
};

/**
 * The matrix test's staging: one correct and one widened host per credential
 * it widens (a copy key with noncurrent-version reads, one that may set any
 * object ACL, a sync key that deletes under another credential's prefix).
 */
export const MATRIX_STAGING: Readonly<Record<string, ContractCredential>> = {
    "db-archive": { role: "copy", prefix: "db/", hosts: ["db1", "db2", "db3"] },
    "files-mirror": { role: "sync", prefix: "files/", hosts: ["files1", "files2", "files3"] },
    "restore-check": { role: "verify", prefix: "", hosts: ["mon1"] },
};

/** The matrix test's prod: two buckets, so each key has another bucket of its own environment to be refused. */
export const MATRIX_PROD: Readonly<Record<string, ContractCredential>> = {
    "db-archive": { role: "copy", prefix: "db/", hosts: ["db1", "db2"], remote: "aws-archive" },
    "restore-check": { role: "verify", prefix: "", hosts: ["mon1", "mon2"] },
};
