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
