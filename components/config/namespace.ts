/**
 * The program's config namespace (`backup-remotes:<key>`) in the stack's
 * config map. Pulumi hands a program every key of the stack file; keys of
 * another namespace belong to providers (`aws:region`) or other programs. A
 * namespace that is nearly ours (`backup-remote:tier`, `backupremotes:…`,
 * `Backup-Remotes:…`) is a typo that would otherwise be ignored without a
 * word — sealing off, the production rules on — so it is refused, naming the
 * key that was meant.
 */
import { quoted, visible } from "../config-fields";
import { TOP_LEVEL_KEYS } from "./partial";

export const CONFIG_NAMESPACE = "backup-remotes";

/** The namespace's config values, objects decoded from the JSON Pulumi stores them as. */
export function readNamespaceConfig(all: Readonly<Record<string, string>>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        raw[key.slice(CONFIG_NAMESPACE.length + 1)] = decode(value);
    }
    return raw;
}

function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value; // a plain string value
    }
}

/** Keys of the config map that look like ours but are not, each with the key that was meant. */
export function namespaceProblems(keys: readonly string[]): string[] {
    return keys.flatMap((key) => {
        const colon = key.indexOf(":");
        const [namespace, name] = colon < 0 ? [undefined, key] : [key.slice(0, colon), key.slice(colon + 1)];
        if (namespace === CONFIG_NAMESPACE) return [];
        const ours = (TOP_LEVEL_KEYS as readonly string[]).includes(name);
        if (namespace === undefined ? !ours : !nearlyOurs(namespace)) return [];
        const meant = `${CONFIG_NAMESPACE}:${name}`;
        const why = namespace === undefined ? "has no namespace" : `is in the namespace ${quoted(namespace)}, not "${CONFIG_NAMESPACE}"`;
        const also = ours ? "" : ` (which is not a key of this program either; valid keys: ${TOP_LEVEL_KEYS.join(", ")})`;
        return [`${visible(key)}: ${why}, so this program would ignore it: did you mean ${visible(meant)}?${also}`];
    });
}

/** A namespace a typo away from ours: another case, other separators, or a few characters off. */
function nearlyOurs(namespace: string): boolean {
    const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
    return squash(namespace) === squash(CONFIG_NAMESPACE) || editDistance(namespace.toLowerCase(), CONFIG_NAMESPACE) <= 3;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
            next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        row = next;
    }
    return row[b.length]!;
}
