/**
 * Three outcomes, then a status. An attempt `worked` only when its effect was
 * observed (the object is there or gone, its bytes match, the provider
 * answered the call), is `refused` only on a recognised access refusal, and is
 * `inconclusive` otherwise: success without an effect, a timeout, a refused
 * connection, not-found where something was expected. The status combines
 * that with what the permission model expects. Pure.
 */
import type { Capability } from "../../components/permissions/roles";
import { classifyError } from "../shared/error-kind";
import { diagnose, overPrivilegedDiagnosis, type FailureContext } from "./diagnosis";
import type { ErrorKind } from "./error-kinds";
import type { CheckResult, CheckStatus, Outcome, PlannedCheck } from "./types";

/** A call that failed: its (redacted) text. */
export interface CallFailure {
    readonly text: string;
    readonly kind: ErrorKind;
}

export interface Observation {
    readonly outcome: Outcome;
    /** What was attempted, on what target. */
    readonly what: string;
    /** The provider call(s) made. */
    readonly call: string;
    readonly failure?: CallFailure;
    /** For inconclusive: why. */
    readonly why?: string;
    /** For a deviation whose control the check verified: whether it held, and what was seen. */
    readonly control?: { readonly held: boolean; readonly seen: string };
    readonly durationMs: number;
}

export function failureOf(text: string, provider: FailureContext["provider"]): CallFailure {
    return { text, kind: classifyError(text, provider) };
}

const PERMISSIVENESS: Readonly<Record<Outcome, number>> = { worked: 2, inconclusive: 1, refused: 0 };

/** Of several attempts at one check (e.g. each of the other environment's buckets): the first that worked, else the first inconclusive, else the first. */
export function mostPermissive<T>(attempts: readonly T[], outcome: (attempt: T) => Outcome): T {
    return attempts.reduce((a, b) => (PERMISSIVENESS[outcome(b)] > PERMISSIVENESS[outcome(a)] ? b : a));
}

/**
 * The outcome of an attempt from its call result and what was observed
 * afterwards (`effect`: true = the effect is there, false = it is not,
 * undefined = nobody could look), with the failure carried along for the
 * diagnosis.
 */
export function outcomeOf(failure: CallFailure | undefined, effect: boolean | undefined): { outcome: Outcome; why?: string; failure?: CallFailure } {
    const carried = failure ? { failure } : {};
    if (effect === true) return { outcome: "worked", ...carried };
    if (failure) {
        return failure.kind === "access-denied"
            ? { outcome: "refused", failure }
            : { outcome: "inconclusive", why: `the call failed (${failure.kind})`, failure };
    }
    if (effect === false) return { outcome: "inconclusive", why: "the call reported success but its effect is not there" };
    return { outcome: "inconclusive", why: "the call reported success and no identity could look whether it took effect" };
}

export interface VerdictContext extends Omit<FailureContext, "capability"> {
    readonly role: string;
    readonly capability?: Capability;
}

/** `planned`: what the check must observe, and its attempt text (from the catalogue, through plan.ts) for the over-privilege diagnosis. */
export function verdict(planned: Pick<PlannedCheck, "expectation" | "attempt">, o: Observation, ctx: VerdictContext): Omit<CheckResult, "check"> {
    const { expectation } = planned;
    const base = {
        outcome: o.outcome,
        call: o.call,
        durationMs: o.durationMs,
        ...(o.failure ? { error: lastLines(o.failure.text), errorKind: o.failure.kind } : {}),
    };
    const result = (status: CheckStatus, detail: string, diagnosis?: string): Omit<CheckResult, "check"> => ({
        status,
        detail,
        ...(diagnosis ? { diagnosis } : {}),
        ...base,
    });
    if (o.outcome === "inconclusive") {
        // Without an error the reason is all there is, and it is in the detail already.
        return result(
            "inconclusive",
            `${o.what}: inconclusive — ${o.why ?? "no effect and no refusal"}`,
            o.failure ? diagnose(o.failure.kind, ctx) : undefined,
        );
    }
    if (expectation.outcome === "succeeds") {
        if (o.outcome === "worked") return result("ok", o.what);
        return result("failed", `${o.what}: refused`, diagnose("access-denied", ctx));
    }
    if (o.outcome === "refused") return result("refused", `${o.what}: refused as expected`);
    if (expectation.outcome === "refused-or-deviation") {
        const d = expectation.deviation;
        if (o.control && !o.control.held) {
            return result(
                "failed",
                `${o.what}: worked, and the control did not hold: ${o.control.seen}`,
                `the permission model names ${d.id} with the control "${d.control}", which this bucket does not provide`,
            );
        }
        const seen = o.control ? `; control held: ${o.control.seen}` : "";
        return result("deviation", `${o.what}: possible (known deviation ${d.id}); control: ${d.control}${seen}`);
    }
    return result("over-privileged", `${o.what}: WORKED`, overPrivilegedDiagnosis(ctx.role, planned.attempt));
}

/** The informative end of an error text (already redacted), timestamps and repeats dropped. */
export function lastLines(text: string): string {
    const lines = text
        .split("\n")
        .map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, "").trim())
        .filter(Boolean);
    return [...new Set(lines)].slice(-3).join("\n").slice(0, 600);
}
