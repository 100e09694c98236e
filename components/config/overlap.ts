/**
 * A sync credential deletes what its source lacks; if its prefix overlaps a
 * copy credential's prefix on the same remote, a sync would delete archives,
 * and of two overlapping sync prefixes the outer one deletes the inner one's
 * data. The remote's profile may add what else breaks (e.g. a lock refusing
 * the sync).
 */
import type { ConfigProblem } from "../providers/profile";
import type { PartialCredential, PartialSpec } from "./partial";

type Placed = PartialCredential & { readonly prefix: string; readonly remote: string };

export function overlapProblems(spec: PartialSpec): ConfigProblem[] {
    const placed = spec.credentials.filter((c): c is Placed => c.prefix !== undefined && c.remote !== undefined);
    const out: ConfigProblem[] = [];
    for (const sync of placed.filter((c) => c.role === "sync")) {
        for (const copy of placed.filter((c) => c.role === "copy" && c.remote === sync.remote && overlaps(sync.prefix, c.prefix))) {
            const remote = spec.remotes.find((r) => r.name === sync.remote);
            const more = remote?.profile?.overlapConsequence?.(remote.settings, copy.prefix) ?? "";
            out.push({
                path: ["credentials", sync.name, "prefix"],
                message:
                    `"${sync.prefix}" overlaps the prefix "${copy.prefix}" of copy credential ` +
                    `"${copy.name}" on remote "${sync.remote}": a sync would delete what "${copy.name}" archives${more}; give them disjoint prefixes`,
            });
        }
        // Each sync deletes what its own source lacks: the outer one would delete the inner one's data.
        for (const other of placed.filter((c) => c.role === "sync" && c.remote === sync.remote && c.name > sync.name && overlaps(sync.prefix, c.prefix))) {
            const [outer, inner] = sync.prefix.length <= other.prefix.length ? [sync.name, other.name] : [other.name, sync.name];
            out.push({
                path: ["credentials", other.name, "prefix"],
                message:
                    `"${other.prefix}" overlaps the prefix "${sync.prefix}" of sync credential ` +
                    `"${sync.name}" on remote "${sync.remote}": a sync by "${outer}" would delete what "${inner}" mirrors; give the two sync credentials disjoint prefixes`,
            });
        }
    }
    return out;
}

/** Equal or nested prefixes ("" contains every prefix). */
function overlaps(a: string, b: string): boolean {
    return a.startsWith(b) || b.startsWith(a);
}
