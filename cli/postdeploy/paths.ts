/**
 * Where a run writes its probes. Everything lives under one fixed folder name
 * per prefix (POSTDEPLOY_PROBE_DIR), so the buckets' lifecycle rules filtered on
 * `<prefix>postdeploy-runs/` expire what a role may not delete itself (a copy
 * key's probes), and a run never touches existing backup data.
 */
import { POSTDEPLOY_PROBE_DIR } from "../../components/probes";

export const PROBE_ROOT = POSTDEPLOY_PROBE_DIR;
export const PROBE_FILE = "probe.txt";

export function slug(name: string): string {
    return name.replace(/[^A-Za-z0-9._-]/g, "-");
}

/** Inside the section's own prefix. */
export function runDir(prefix: string, runId: string, section: string): string {
    return `${prefix}${PROBE_ROOT}${runId}/${slug(section)}/`;
}

/** At the bucket's top level: outside any non-empty prefix (never the bucket root itself). */
export function outsideDir(runId: string, section: string): string {
    return `${PROBE_ROOT}${runId}/outside/${slug(section)}/`;
}

/** In another environment's bucket, under that environment's prefix. */
export function intruderDir(otherPrefix: string, runId: string, section: string): string {
    return `${otherPrefix}${PROBE_ROOT}${runId}/intruder/${slug(section)}/`;
}
