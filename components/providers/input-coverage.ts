/**
 * Whether a new entry of a grant list reaches only what an old entry already
 * reached: an IAM-style pattern inside a wider one, an address range inside a
 * wider one. Sound, not complete: when in doubt an entry is not covered, so
 * the change is reported as an escalation.
 */
import { BlockList, isIP } from "node:net";

/** `*` any run of characters, `?` one character (IAM actions, ARNs, condition values). */
function globMatch(pattern: string, text: string): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
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

function parseCidr(value: string): { address: string; bits: number; family: "ipv4" | "ipv6" } | undefined {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
    const family = m ? isIP(m[1]!) : 0;
    if (!m || family === 0) return undefined;
    const bits = Number(m[2]);
    if (bits > (family === 4 ? 32 : 128)) return undefined;
    return { address: m[1]!, bits, family: family === 4 ? "ipv4" : "ipv6" };
}

/** Every address of the range `inner` is in the range `outer` (CIDRs; a bare address is a range of one). */
export function cidrCovered(inner: string, outer: string): boolean {
    const single = (v: string) => (v.includes("/") ? v : `${v}/${isIP(v) === 6 ? 128 : 32}`);
    const i = parseCidr(single(inner));
    const o = parseCidr(single(outer));
    if (!i || !o || i.family !== o.family || i.bits < o.bits) return false;
    const range = new BlockList();
    range.addSubnet(o.address, o.bits, o.family);
    return range.check(i.address, i.family);
}
