import type { Expectation } from "../../components/permissions/expectations";
import type { ErrorKind } from "./diagnosis";

/** The checks, in report column order. */
export const CHECKS = [
    "list", "mkdir", "write", "read", "delete", "rmdir", "outside-list", "outside-write", "other-env-list", "other-env-write",
] as const;
export type CheckName = (typeof CHECKS)[number];

/**
 * ok: allowed and worked · refused: forbidden and refused · failed: allowed but
 * did not work · over-privileged: forbidden but worked · warning: forbidden,
 * worked, and the model names it as a deviation (or the check could not be
 * made) · not-run: skipped because the section was already unusable.
 */
export type CheckStatus = "ok" | "refused" | "failed" | "over-privileged" | "warning" | "not-run";

export interface PlannedCheck {
    readonly check: CheckName;
    readonly expectation: Expectation;
}

export interface CheckResult {
    readonly check: CheckName;
    readonly status: CheckStatus;
    /** What was attempted and observed. */
    readonly detail: string;
    readonly diagnosis?: string;
    readonly errorKind?: ErrorKind;
    /** The last lines of rclone's stderr, redacted. */
    readonly error?: string;
    readonly durationMs: number;
}

export interface SectionReport {
    readonly section: string;
    readonly role: string;
    readonly provider: string;
    readonly bucket: string;
    readonly prefix: string;
    /** Where this section's probes were written: bucket/prefix/runId/section/ */
    readonly runPath: string;
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
    /** rclone processes the run started. */
    readonly rcloneCalls: number;
    readonly sections: readonly SectionReport[];
    /** Probe objects removed after the checks. */
    readonly cleaned: readonly string[];
    readonly leftovers: readonly Leftover[];
    /** Notes on the run as a whole (e.g. versioned buckets keep probe versions). */
    readonly notes: readonly string[];
    /** True when any check failed or was over-privileged. */
    readonly failed: boolean;
}
