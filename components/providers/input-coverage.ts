/**
 * Whether a new entry of a grant list reaches only what an old entry already
 * reached: an IAM-style pattern inside a wider one, an address range inside a
 * wider one. Sound, not complete: when in doubt an entry is not covered, so
 * the change is reported as an escalation.
 */
/** Address ranges: components/network/cidr.ts. */
export { cidrCovered } from "../network/cidr";

/** `*` any run of characters, `?` one character (IAM actions, ARNs, condition values). */
function globMatch(pattern: string, text: string): boolean {
    const source = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${source}$`, "s").test(text);
}

/**
 * `entry` matches only what some of `olds` matches. A wildcard-free entry is
 * covered when an old pattern matches it; one with wildcards only by an old
 * pattern that ends in `*`, has no other wildcard, and whose literal part
 * starts the entry (`db/*` covers `db/pg/*`).
 */
export function patternCovered(entry: string, olds: readonly string[]): boolean {
    return olds.some((old) => {
        if (old === entry) return true;
        if (!/[*?]/.test(entry)) return globMatch(old, entry);
        const stem = old.endsWith("*") ? old.slice(0, -1) : undefined;
        return stem !== undefined && !/[*?]/.test(stem) && entry.startsWith(stem);
    });
}
