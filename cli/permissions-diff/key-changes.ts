/**
 * The resource-level findings (resources-diff.ts) as changes a reviewer
 * reads: one per credential, resource kind and change, with the hosts it
 * reaches; one per remote for the live keys `pulumi up` would replace. And
 * how they meet the matrix-level changes of the same credential: one finding
 * per change, in its most severe class (a capability gained is not said again
 * as the actions that grant it; an action the capabilities do not show is).
 */
import type { InputAspect, InputClass } from "../../components/providers/credential-inputs";
import type { Change, ChangeKind } from "./change";
import type { Holder, KeyResourceDiff } from "./resources-diff";

/** A resource-level change of one credential, with what it is about (for merging) and its parts (for grouping). */
export interface KeyChange extends Change {
    readonly aspect: InputAspect;
    readonly unclassified: boolean;
    readonly label: string;
    /** The hosts (and generations) whose resources changed alike. */
    readonly holders: readonly string[];
    readonly text: string;
}

const KIND: Readonly<Record<InputClass, ChangeKind>> = { escalation: "input-widened", reduction: "input-narrowed", neutral: "input-changed" };

const holderText = (h: Holder | undefined, identity: string): string =>
    h === undefined ? identity : h.generation === 1 ? h.host : `${h.host} generation ${h.generation}`;

/** Resource-level changes by credential (the identity's own name when the permissions output does not name it). */
export function keyChangesByCredential(diff: KeyResourceDiff): Map<string, KeyChange[]> {
    const groups = new Map<string, { subject: string; label: string; holders: string[]; change: KeyResourceDiff["findings"][number]["change"] }>();
    for (const f of diff.findings) {
        const subject = f.holder?.credential ?? f.identity;
        const c = f.change;
        const key = [subject, f.label, c.class, c.aspect, c.unclassified ?? "", c.text].join("\u0000");
        const g = groups.get(key) ?? { subject, label: f.label, holders: [], change: c };
        g.holders.push(holderText(f.holder, f.identity));
        groups.set(key, g);
    }
    const out = new Map<string, KeyChange[]>();
    for (const g of groups.values()) {
        const unclassified = g.change.unclassified === true;
        const list = out.get(g.subject) ?? [];
        list.push({
            kind: unclassified ? "input-unclassified" : KIND[g.change.class],
            escalation: unclassified || g.change.class === "escalation",
            subject: g.subject,
            summary: `\`${g.subject}\` ${g.label} (${g.holders.join(", ")}): ${g.change.text}`,
            aspect: g.change.aspect,
            unclassified,
            label: g.label,
            holders: g.holders,
            text: g.change.text,
        });
        out.set(g.subject, list);
    }
    return out;
}

/**
 * The same change to several credentials' resources (one remote setting
 * reaches every token on it) is one finding naming them all.
 */
export function groupedAcrossCredentials(kept: readonly KeyChange[]): Change[] {
    const groups = new Map<string, KeyChange[]>();
    for (const k of kept) {
        const key = [k.kind, k.label, k.text].join("\u0000");
        groups.set(key, [...(groups.get(key) ?? []), k]);
    }
    return [...groups.values()].map((list) => {
        const first = list[0]!;
        if (list.length === 1) return { kind: first.kind, escalation: first.escalation, subject: first.subject, summary: first.summary };
        const whose = list.map((k) => `\`${k.subject}\` (${k.holders.join(", ")})`);
        return {
            kind: first.kind,
            escalation: first.escalation,
            subject: list.map((k) => k.subject).join(", "),
            summary: `${first.label}s of ${whose.slice(0, -1).join(", ")} and ${whose.at(-1)}: ${first.text}`,
        };
    });
}

/** One change per remote: how many live keys `pulumi up` replaces, whose, and which inputs force it. */
export function replacementChanges(diff: KeyResourceDiff): Change[] {
    const byRemote = new Map<string, { holders: Map<string, string[]>; inputs: Set<string>; count: number }>();
    for (const r of diff.replacements) {
        const remote = r.holder?.remote ?? r.identity;
        const entry = byRemote.get(remote) ?? { holders: new Map<string, string[]>(), inputs: new Set<string>(), count: 0 };
        const subject = r.holder?.credential ?? r.identity;
        entry.holders.set(subject, [...(entry.holders.get(subject) ?? []), holderText(r.holder, r.identity)]);
        r.inputs.forEach((i) => entry.inputs.add(i));
        entry.count++;
        byRemote.set(remote, entry);
    }
    return [...byRemote]
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([remote, e]) => {
            const whose = [...e.holders].map(([c, hosts]) => `\`${c}\` on ${hosts.join(", ")}`).join("; ");
            const inputs = [...e.inputs]
                .sort()
                .map((i) => `\`${i}\``)
                .join(", ");
            return {
                kind: "keys-replaced",
                escalation: false,
                subject: remote,
                summary:
                    `\`pulumi up\` replaces ${e.count} live key${e.count === 1 ? "" : "s"} of \`${remote}\` (${whose}): ` +
                    `the provider cannot change ${inputs} in place; hosts must fetch their config again`,
            };
        });
}

/** What each matrix-level kind is about, to find the resource-level changes that say the same thing. */
const MATRIX_ASPECT: Partial<Record<ChangeKind, InputAspect>> = {
    "capability-gained": "actions",
    "capability-lost": "actions",
    "role-changed": "actions",
    "grants-changed": "actions",
    "prefix-widened": "resources",
    "prefix-narrowed": "resources",
    "scope-moved": "resources",
    "expiry-moved": "expiry",
    "expiry-removed": "expiry",
    "expiry-added": "expiry",
};

/**
 * One credential's changes, matrix and resource level together. Per aspect:
 * the matrix's words stay when they are as severe; a resource-level
 * escalation the matrix did not see replaces the matrix's grant list (the
 * same inputs, in milder words). Names, tags and paths are said only when
 * nothing else changed for the credential. Unclassified changes always stay.
 */
export function mergeCredentialChanges(matrix: readonly Change[], keys: readonly KeyChange[]): { matrix: Change[]; keys: KeyChange[] } {
    const dropped = new Set<Change>();
    const kept: KeyChange[] = [];
    for (const k of keys) {
        if (k.unclassified) {
            kept.push(k);
            continue;
        }
        if (k.aspect === "identity") {
            if (matrix.length === 0) kept.push(k);
            continue;
        }
        const same = matrix.filter((m) => MATRIX_ASPECT[m.kind] === k.aspect);
        if (same.length === 0) kept.push(k);
        else if (k.escalation && !same.some((m) => m.escalation)) {
            kept.push(k);
            same.filter((m) => m.kind === "grants-changed").forEach((m) => dropped.add(m));
        }
    }
    return { matrix: matrix.filter((m) => !dropped.has(m)), keys: kept };
}
