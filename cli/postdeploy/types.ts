import type { Expectation } from "../../components/permissions/expectations";
import type { ErrorKind } from "./error-kinds";

/**
 * A catalogue check's name (checks/: one file per check). A plain string here,
 * so the modules the check files import name a check without importing the
 * catalogue back; checks/index.ts derives the literal union CheckName, and the
 * check files pass their own name (`read.name`), so no typo can slip in.
 */
export type CheckId = string;

/** What an attempt showed: its effect was observed, a real access refusal, or anything else. */
export type Outcome = "worked" | "refused" | "inconclusive";

/**
 * ok: allowed and worked · refused: forbidden and refused · deviation:
 * forbidden, worked, and the model names it (with the control that limits it,
 * verified where the check can) · failed: allowed but refused, or a control
 * that did not hold · over-privileged: forbidden but worked · inconclusive:
 * neither effect nor refusal could be established (fails the run) · not-run:
 * the section could not list, so nothing else was tried.
 */
export type CheckStatus = "ok" | "refused" | "deviation" | "failed" | "over-privileged" | "inconclusive" | "not-run";

export const PASSING: readonly CheckStatus[] = ["ok", "refused", "deviation"];

export interface PlannedCheck {
    readonly check: CheckId;
    readonly expectation: Expectation;
    /** The catalogue's attempt text: what a key that could do it was able to do (the over-privilege diagnosis). */
    readonly attempt: string;
}

export interface CheckResult {
    readonly check: CheckId;
    readonly status: CheckStatus;
    readonly outcome: Outcome | "not-run";
    /** What was attempted and observed. */
    readonly detail: string;
    /** The provider call(s) the probe made. */
    readonly call: string;
    readonly diagnosis?: string;
    readonly errorKind?: ErrorKind;
    /** The error text (rclone's, the provider's), redacted. */
    readonly error?: string;
    readonly durationMs: number;
}

export interface SectionReport {
    readonly section: string;
    readonly role: string;
    readonly provider: string;
    readonly bucket: string;
    readonly prefix: string;
    /** Where this section's probes were written: bucket/prefix/postdeploy-runs/<run>/<section>/ */
    readonly runPath: string;
    /** The key generation the tested section held (1 when the outputs list none): what `rotate --retire` checks. */
    readonly generation: number;
    readonly checks: readonly CheckResult[];
}

export interface Leftover {
    readonly path: string;
    readonly writtenBy: string;
    readonly reason: string;
}

export interface PostdeployReport {
    readonly environment: string;
    readonly runId: string;
    readonly rcloneVersion: string;
    readonly startedAt: string;
    readonly durationMs: number;
    readonly concurrency: number;
    /** Whether an administrative identity (--admin-config) wrote targets and cleaned up. */
    readonly admin: boolean;
    /** rclone processes the run started (one rcd) and rc calls made through it. */
    readonly rclone: { readonly processes: number; readonly rcCalls: number; readonly cpuMs?: number };
    /** Calls made to provider APIs directly (S3 REST API, B2 native API). */
    readonly providerCalls: number;
    readonly sections: readonly SectionReport[];
    /** Keys of --revoked-outputs that the current outputs no longer hold: each must be refused. */
    readonly revoked: readonly RevokedResult[];
    /** With --from: keys bound to host addresses that do not hold it, each tried from here (bound-elsewhere.ts): refused is the pass. */
    readonly boundElsewhere?: readonly BoundElsewhereResult[];
    /** Probe objects removed after the checks. */
    readonly cleaned: readonly string[];
    readonly leftovers: readonly Leftover[];
    /** Notes on the run as a whole. */
    readonly notes: readonly string[];
    /** True when any check did not pass (failed, over-privileged, inconclusive, not run). */
    readonly failed: boolean;
}

/** One bound key tried from outside its ranges: refused is the pass. */
export interface BoundElsewhereResult {
    readonly section: string;
    readonly host: string;
    readonly cidrs: readonly string[];
    readonly status: "refused" | "works" | "inconclusive";
    readonly detail: string;
}

/** A key a retire or revoke removed, tried once more: it must be refused. */
export interface RevokedResult {
    readonly section: string;
    readonly status: "refused" | "still-works" | "inconclusive";
    readonly detail: string;
}
