/**
 * The check catalogue: every check of the post-deploy test, in report order
 * (what the role may do, then what an attacker of backups would try). Two
 * kinds of file: a check of its own, and a scope, whose checks are the scope
 * × every operation (matrix.ts). CHECKS, CHECK_CODES and the attempt texts
 * are derived from it; test/postdeploy/catalogue.test.ts fails when a check
 * exists outside it. Each check of its own file also says how it runs
 * (`run`), which the phases call in catalogue order (SINGLE). Adding a check:
 * ARCHITECTURE.md, "Adding a check".
 */
import { list } from "./list";
import { write } from "./write";
import { rerun } from "./rerun";
import { read } from "./read";
import { readVersion } from "./read-version";
import { deleteObjects } from "./delete";
import { deleteVersion } from "./delete-version";
import { overwrite } from "./overwrite";
import { objectAcl } from "./object-acl";
import { sibling } from "./sibling";
import { otherPrefix } from "./other-prefix";
import { otherBucket } from "./other-bucket";
import { otherEnv } from "./other-env";
import { listBuckets } from "./list-buckets";
import { createBucket } from "./create-bucket";
import { bucketVersioning } from "./bucket-versioning";
import { bucketLifecycle } from "./bucket-lifecycle";
import { bucketPolicy } from "./bucket-policy";
import type { CheckDefinition, CheckPhase, SingleCheck } from "./define";
import { matrixChecks, type MatrixCheck } from "./matrix";

export type { CheckDefinition, CheckPhase, PlanInput, ScopeDefinition, ScopeInput, ScopeTarget, SingleCheck } from "./define";
export type { ForeignBucket } from "../foreign-buckets";
export { OPERATIONS, type MatrixCheck, type OperationName } from "./matrix";

/** Within the section's own scope. */
export const OWN = [list, write, rerun, read, readVersion, deleteObjects, deleteVersion, overwrite, objectAcl] as const;
/** Scopes the section does not own, in the order it attacks them. */
export const SCOPES = [sibling, otherPrefix, otherBucket, otherEnv] as const;
/** The account and the bucket's settings. */
export const ACCOUNT = [listBuckets, createBucket, bucketVersioning, bucketLifecycle, bucketPolicy] as const;

export type ScopeName = (typeof SCOPES)[number]["name"];
export const MATRIX = matrixChecks<ScopeName>(SCOPES);
export type MatrixCheckName = (typeof MATRIX)[number]["name"];

export type CheckName = (typeof OWN)[number]["name"] | MatrixCheckName | (typeof ACCOUNT)[number]["name"];

export const CATALOGUE: readonly CheckDefinition<CheckName>[] = [...OWN, ...MATRIX, ...ACCOUNT];

/** The checks of their own file, each with its `run`, in catalogue order: what the phases run (the matrix runs in probe-scope.ts). */
export const SINGLE: readonly SingleCheck<CheckName>[] = [...OWN, ...ACCOUNT];

/** What the role does every night (phase-own.ts), in catalogue order. */
export function ownPhaseChecks(): readonly SingleCheck<CheckName>[] {
    return singleOfPhase("own");
}

/** What an intruder would try with the key, in catalogue order (phase-attacks.ts runs them one after the other). */
export function attackPhaseChecks(): readonly SingleCheck<CheckName>[] {
    return singleOfPhase("attack");
}

function singleOfPhase(phase: CheckPhase): readonly SingleCheck<CheckName>[] {
    return SINGLE.filter((c) => c.phase === phase);
}

export const CHECKS: readonly CheckName[] = CATALOGUE.map((c) => c.name);

/** The matrix check of a scope and an operation. */
export function matrixCheck(scope: ScopeName, operation: MatrixCheck["operation"]["name"]): MatrixCheck<MatrixCheckName> {
    return MATRIX.find((c) => c.scope.name === scope && c.operation.name === operation)!;
}

function table<V>(value: (c: CheckDefinition<CheckName>) => V): Readonly<Record<CheckName, V>> {
    return Object.fromEntries(CATALOGUE.map((c) => [c.name, value(c)])) as Record<CheckName, V>;
}

/** Two letters per check for the report's matrix. */
export const CHECK_CODES = table((c) => c.code);

/** What a key that could do the check was able to do (over-privilege diagnosis). */
export const ATTEMPT_TEXT = table((c) => c.attempt);

export const CHECK_PHASE = table((c) => c.phase);
