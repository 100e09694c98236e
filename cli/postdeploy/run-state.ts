/**
 * The state a post-deploy run keeps while its phases work: the sections'
 * runs, the objects written and aimed at, the local files it copies, the
 * effects still to be confirmed, the revoked keys' results. Types and one
 * small class, imported by the context and the phases alike (nothing here
 * imports them back).
 */
import type { Capability } from "../../components/permissions/roles";
import type { DeployedSection } from "./outputs";
import type { CheckId, CheckResult, PlannedCheck } from "./types";
import type { CallFailure } from "./verdict";

/** An object the run wrote, to be removed at the end. */
export interface Written {
    readonly bucket: string;
    readonly key: string;
    /** The section that wrote it (undefined: the admin). */
    readonly writer?: DeployedSection;
}

/** An object a check reads, deletes or overwrites. */
export interface Target {
    readonly bucket: string;
    readonly key: string;
    readonly sha256: string;
    readonly size: number;
    readonly versionId?: string;
    /** Who wrote it: a section's name or the admin. */
    readonly writer: string;
}

export class SectionRun {
    readonly results = new Map<CheckId, CheckResult>();
    readonly planned: Map<CheckId, PlannedCheck>;
    /** The probe this section wrote into its own run folder. */
    ownProbe?: Target;
    /** The object of its version checks, written once (targets.ts). */
    versioned?: Promise<Prepared<Versioned>>;
    unusable?: string;
    listWorked = false;

    constructor(
        readonly section: DeployedSection,
        readonly runDir: string,
        planned: readonly PlannedCheck[],
    ) {
        this.planned = new Map(planned.map((p) => [p.check, p]));
    }

    get name(): string {
        return this.section.summary.section;
    }
}

export interface LocalFile {
    readonly dir: string;
    readonly name: string;
    readonly sha256: string;
    readonly size: number;
}

export interface RunFiles {
    /** What a section writes as its probe (own, sibling, other prefix, other environment): each lands at its own key. */
    readonly probe: LocalFile;
    /** The copy rerun's 64 KiB file. */
    readonly rerun: LocalFile;
    /** New bytes for the overwrite check, of a size no target has. */
    readonly overwrite: LocalFile;
}

export type EffectQuery =
    | { readonly kind: "present" | "gone"; readonly bucket: string; readonly key: string }
    | { readonly kind: "replaced"; readonly bucket: string; readonly key: string; readonly size: number }
    | { readonly kind: "version-gone"; readonly bucket: string; readonly key: string; readonly versionId: string };

export interface Pending {
    readonly run: SectionRun;
    readonly check: CheckId;
    readonly capability?: Capability;
    readonly failure?: CallFailure;
    readonly what: string;
    readonly call: string;
    readonly durationMs: number;
    /** What to look for; absent: refused on a key nobody wrote (probe-unwritten.ts), where nothing can be seen. */
    readonly effect?: EffectQuery;
    /** Where the effect is there: a version that must still exist (the control of an overwrite). */
    readonly keptVersion?: { readonly versionId: string };
    /** For a write: the section that wrote, so the cleanup removes what arrived. */
    readonly writer?: DeployedSection;
}

export type Prepared<T = Target> = { readonly target: T } | { readonly why: string };

export interface Versioned {
    /** The version an attacker tries to destroy (absent where the bucket keeps no versions). */
    readonly noncurrent?: Target;
    /** The current version, which the overwrite check replaces. */
    readonly current: Target;
}
