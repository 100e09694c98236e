/**
 * Where a run writes. Everything lives under one fixed folder name per prefix
 * (POSTDEPLOY_PROBE_DIR), so the buckets' lifecycle rules filtered on
 * `<prefix>postdeploy-runs/` expire what a role may not delete itself (a copy
 * key's probes), and a run never touches existing backup data.
 */
import { POSTDEPLOY_PROBE_DIR } from "../../components/probes";

export const PROBE_ROOT = POSTDEPLOY_PROBE_DIR;
export const PROBE_FILE = "probe.txt";
export const RERUN_FILE = "rerun.bin";

export function slug(name: string): string {
    return name.replace(/[^A-Za-z0-9._-]/g, "-");
}

/** Inside the section's own prefix. */
export function runDir(prefix: string, runId: string, section: string): string {
    return `${prefix}${PROBE_ROOT}${runId}/${slug(section)}/`;
}

/** Targets written for one section's destructive checks, under `base` (a run folder in some prefix). */
export function targetsDir(basePrefix: string, runId: string, section: string): string {
    return `${basePrefix}${PROBE_ROOT}${runId}/targets/${slug(section)}/`;
}

/** A sibling of a non-empty prefix: `db/` → `db-postdeploy-sibling/`, which a policy on `db*` would also reach. */
export function siblingPrefix(prefix: string): string {
    return `${prefix.replace(/\/$/, "")}-postdeploy-sibling/`;
}

/** Where a section tries to write under a prefix that is not its own (a sibling, another credential's, the top level). */
export function intruderDir(foreignPrefix: string, runId: string, section: string): string {
    return `${foreignPrefix}${PROBE_ROOT}${runId}/intruder/${slug(section)}/`;
}

/** The run folder of a prefix: what the administrative cleanup removes, every version. */
export function runRoot(prefix: string, runId: string): string {
    return `${prefix}${PROBE_ROOT}${runId}/`;
}

/** The run folder a key of this run lies in (runRoot read back from the key); undefined outside every run folder. */
export function runRootOf(key: string, runId: string): string | undefined {
    const marker = runRoot("", runId);
    const i = key.indexOf(marker);
    return i < 0 ? undefined : key.slice(0, i + marker.length);
}
