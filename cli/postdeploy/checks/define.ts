/**
 * One entry of the check catalogue (cli/postdeploy/checks/): everything the
 * tables of the post-deploy test know of a check, written once, in the
 * check's own file. CHECKS, the report's codes and the over-privilege texts
 * are derived from the catalogue (index.ts), never listed elsewhere.
 *
 * Two kinds of file: a check of its own (defineCheck), with how it runs
 * (`run`), and a scope (defineScope) — somewhere the section does not own —
 * whose checks are the scope × every operation (matrix.ts), derived, never
 * listed; how they run is the operation's attempt in probe-scope.ts. The
 * bucket-setting checks build theirs with settingCheck.
 */
import type { PermissionEntry } from "../../../components/outputs";
import { rewriteSetting } from "../account-calls";
import type { Attempt, Expectation } from "../../../components/permissions/expectations";
import type { BucketSetting, ProviderProbeFacts } from "../../../components/providers/probe-facts";
import type { RunContext } from "../context";
import type { ForeignBucket } from "../foreign-buckets";
import type { DeployedSection } from "../outputs";
import type { SectionRun } from "../run-state";

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

/** What deciding whether a check applies, and what it must observe, may read: the model and the provider's facts. */
export interface PlanInput {
    readonly permissions: PermissionEntry;
    /** What the provider has (profile.probes: its calls are the checks that exist there). */
    readonly facts: ProviderProbeFacts;
    readonly keepsVersions: boolean;
    /** The model's expectation for an attempt (components/permissions/expectations.ts). */
    readonly expect: (attempt: Attempt) => Expectation;
}

export const SUCCEEDS: Expectation = { outcome: "succeeds" };
export const REFUSED: Expectation = { outcome: "refused" };

/** A check of its own file: with when it applies and what it must observe (undefined: not there), and how it runs. */
export interface SingleCheck<N extends string = string> extends CheckDefinition<N> {
    readonly plan: (input: PlanInput) => Expectation | undefined;
    /**
     * Make the attempt with the section's key and judge it (ctx.judge, under
     * the check's own name), or leave it to effects.ts (ctx.pending) where
     * its effect is seen only once every section has made its attempts.
     */
    readonly run: (ctx: RunContext, r: SectionRun) => Promise<void>;
}

/** Keeps the check's name as a literal type, so CheckName is derived from the catalogue. */
export function defineCheck<const N extends string>(d: SingleCheck<N>): SingleCheck<N> {
    return d;
}

/** A bucket-setting check (bucket-versioning.ts, bucket-lifecycle.ts, bucket-policy.ts), for settingCheck. */
export interface SettingCheck<N extends string> extends Omit<CheckDefinition<N>, "phase"> {
    readonly setting: BucketSetting;
    /** Where the setting has a value to write back, beyond the provider having its call (default: always). */
    readonly applies?: (input: PlanInput) => boolean;
}

/**
 * What the bucket-setting checks have in common: each writes the bucket's current value of its setting back
 * unchanged with the section's key (account-calls.ts), so an over-privileged key changes nothing, and applies
 * where the provider has a call for that setting.
 */
export function settingCheck<const N extends string>({ setting, applies, ...d }: SettingCheck<N>): SingleCheck<N> {
    return {
        ...d,
        phase: "attack",
        plan: (input) => (input.facts.calls.bucketSettings[setting] && (applies?.(input) ?? true) ? REFUSED : undefined),
        run: (ctx, r) => rewriteSetting(ctx, r, d.name, setting),
    };
}

/** What a scope's targets are derived from: the section, its environment's sections, the other environment's buckets. */
export interface ScopeInput {
    readonly section: DeployedSection;
    readonly sections: readonly DeployedSection[];
    readonly otherEnv: readonly ForeignBucket[];
}

/** One place of a scope the section's attempts aim at: a bucket and a prefix (its folder for this run lies below). */
export interface ScopeTarget {
    readonly bucket: string;
    readonly prefix: string;
    readonly keepsVersions: boolean;
    /** For the report: whose it is. */
    readonly label: string;
}

export interface ScopeDefinition<N extends string = string> {
    readonly name: N;
    /** First letter of its checks' codes (the operation gives the second). */
    readonly letter: string;
    /** The scope in words, after a verb: "list <label>", "write into <label>". */
    readonly label: string;
    /** What reaching it is, to the permission model: outside the prefix, or another bucket. */
    readonly attempt: Extract<Attempt, "outside-prefix" | "other-bucket">;
    /** Where the section's attempts aim; none: the scope does not exist for this section. Pure. */
    readonly targets: (input: ScopeInput) => readonly ScopeTarget[];
}

export function defineScope<const N extends string>(d: ScopeDefinition<N>): ScopeDefinition<N> {
    return d;
}
