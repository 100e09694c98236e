/**
 * The scopes × operations matrix: every operation an intruder would try, in
 * every scope the section does not own. The checks are derived from the
 * scope files and this list of operations, never listed one by one; what
 * each must observe comes from the permission model (plan.ts). They have no
 * `run` of their own: being derived, how each runs is its operation's
 * attempt on the scope's targets in probe-scope.ts (probeScopes, which
 * phase-attacks.ts calls after the checks of their own files).
 */
import type { Capability } from "../../../components/permissions/roles";
import type { ProviderCalls } from "../../../components/providers/probe-facts";
import type { CheckDefinition, ScopeDefinition } from "./define";

export interface OperationDefinition<N extends string = string> {
    readonly name: N;
    /** Second letter of the check's code. */
    readonly letter: string;
    /** The verb before the scope's label. */
    readonly verb: string;
    /** The capability of the model it needs inside a scope; none: no role has it anywhere (version deletes). */
    readonly capability?: Capability;
    /** The provider call it needs (absent on a provider without versions), where it needs one. */
    readonly call?: keyof Pick<ProviderCalls, "readVersion" | "deleteVersion">;
}

function op<const N extends string>(d: OperationDefinition<N>): OperationDefinition<N> {
    return d;
}

/** In the order a section runs them: reads before the deletes, which aim at objects of their own. */
export const OPERATIONS = [
    op({ name: "list", letter: "l", verb: "list", capability: "list" }),
    op({ name: "read", letter: "r", verb: "read objects in", capability: "read" }),
    op({ name: "read-version", letter: "v", verb: "read noncurrent versions in", capability: "read", call: "readVersion" }),
    op({ name: "write", letter: "w", verb: "write into", capability: "write" }),
    op({ name: "delete", letter: "d", verb: "delete objects in", capability: "delete" }),
    op({ name: "delete-version", letter: "x", verb: "delete noncurrent versions in", call: "deleteVersion" }),
] as const;

export type OperationName = (typeof OPERATIONS)[number]["name"];

export interface MatrixCheck<N extends string = string> extends CheckDefinition<N> {
    readonly scope: ScopeDefinition;
    readonly operation: (typeof OPERATIONS)[number];
}

/** Every scope × every operation, as catalogue entries. */
export function matrixChecks<const S extends string>(scopes: readonly ScopeDefinition<S>[]): MatrixCheck<`${S}-${OperationName}`>[] {
    return scopes.flatMap((scope) =>
        OPERATIONS.map((operation) => ({
            name: `${scope.name}-${operation.name}` as `${S}-${OperationName}`,
            code: `${scope.letter}${operation.letter}`,
            attempt: `${operation.verb} ${scope.label}`,
            phase: "attack" as const,
            scope,
            operation,
        })),
    );
}
