/**
 * One entry of the check catalogue (cli/postdeploy/checks/): everything the
 * tables of the post-deploy test know of a check, written once, in the
 * check's own file. CHECKS, the report's codes and the over-privilege texts
 * are derived from the catalogue (index.ts), never listed elsewhere.
 */
export type CheckPhase = "own" | "attack";

export interface CheckDefinition<N extends string = string> {
    readonly name: N;
    /** Two letters for the report's matrix. */
    readonly code: string;
    /** What a key that could do it was able to do, for the over-privilege diagnosis. */
    readonly attempt: string;
    /** own: what the role does every night (phase A); attack: what an intruder would try (phase B). */
    readonly phase: CheckPhase;
}

/** Keeps the check's name as a literal type, so CheckName is derived from the catalogue. */
export function defineCheck<const N extends string>(d: CheckDefinition<N>): CheckDefinition<N> {
    return d;
}
