/**
 * The folder the post-deploy test writes its probes under, inside each
 * section's prefix. It lives here, beside the buckets, because a copy key may
 * not delete what it wrote: the buckets' lifecycle rules expire the probes
 * under this folder, and they must name the same folder as the test.
 */
export const POSTDEPLOY_PROBE_DIR = "postdeploy-runs/";

/** `<prefix>postdeploy-runs/` for every copy prefix, once each, in a stable order. */
export function probeExpiryPrefixes(copyPrefixes: readonly string[]): string[] {
    return [...new Set(copyPrefixes.map((p) => `${p}${POSTDEPLOY_PROBE_DIR}`))].sort();
}
