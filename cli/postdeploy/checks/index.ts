/**
 * The check catalogue: every check of the post-deploy test, one file each,
 * in report order (what the role may do, then what an attacker of backups
 * would try). CHECKS, CHECK_CODES and the attempt texts are derived from it;
 * test/postdeploy/catalogue.test.ts fails when a check exists outside it.
 * Adding a check: one file here, one entry below, and its probe.
 */
import { list } from "./list";
import { write } from "./write";
import { rerun } from "./rerun";
import { read } from "./read";
import { readVersion } from "./read-version";
import { deleteObjects } from "./delete";
import { deleteVersion } from "./delete-version";
import { overwrite } from "./overwrite";
import { siblingList } from "./sibling-list";
import { siblingWrite } from "./sibling-write";
import { otherPrefixList } from "./other-prefix-list";
import { otherPrefixWrite } from "./other-prefix-write";
import { otherEnvList } from "./other-env-list";
import { otherEnvWrite } from "./other-env-write";
import { listBuckets } from "./list-buckets";
import { createBucket } from "./create-bucket";
import { bucketVersioning } from "./bucket-versioning";
import { bucketLifecycle } from "./bucket-lifecycle";
import { bucketPolicy } from "./bucket-policy";

export type { CheckDefinition, CheckPhase } from "./define";

export const CATALOGUE = [
    list,
    write,
    rerun,
    read,
    readVersion,
    deleteObjects,
    deleteVersion,
    overwrite,
    siblingList,
    siblingWrite,
    otherPrefixList,
    otherPrefixWrite,
    otherEnvList,
    otherEnvWrite,
    listBuckets,
    createBucket,
    bucketVersioning,
    bucketLifecycle,
    bucketPolicy,
] as const;

export type CheckName = (typeof CATALOGUE)[number]["name"];

export const CHECKS: readonly CheckName[] = CATALOGUE.map((c) => c.name);

function table<V>(value: (c: (typeof CATALOGUE)[number]) => V): Readonly<Record<CheckName, V>> {
    return Object.fromEntries(CATALOGUE.map((c) => [c.name, value(c)])) as Record<CheckName, V>;
}

/** Two letters per check for the report's matrix. */
export const CHECK_CODES = table((c) => c.code);

/** What a key that could do the check was able to do (over-privilege diagnosis). */
export const ATTEMPT_TEXT = table((c) => c.attempt);

export const CHECK_PHASE = table((c) => c.phase);
