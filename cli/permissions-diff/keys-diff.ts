/**
 * What a change does to a credential's keys, as rotation sees it: a key
 * generation issued or retired, a host's keys revoked, an expiry moved. None
 * of these widens what a key can do, so none is an escalation — except a key
 * that now lives longer: an expiry moved later or removed is one. Pure.
 */
import type { ChangeKind } from "./change";
import type { CredentialFacts, KeyFacts } from "./matrix";

export interface KeyChange {
    readonly kind: ChangeKind;
    readonly escalation: boolean;
    readonly summary: string;
}

type Generation = KeyFacts["generations"][number];

/** Without a `keys` entry every host holds generation 1 that does not expire by age. */
function generationsOf(f: CredentialFacts): readonly Generation[] {
    return f.keys?.generations ?? f.hosts.map((host) => ({ host, generation: 1 }));
}

const label = (g: Generation): string => `${g.host} generation ${g.generation}`;
const day = (instant: string): string => instant.slice(0, 10);

function lifetimeText(before: CredentialFacts, after: CredentialFacts): string {
    const text = (k?: KeyFacts) => (k?.maxKeyAgeDays === undefined ? "none" : `${k.maxKeyAgeDays} days + ${k.graceDays ?? 0} grace`);
    const b = text(before.keys);
    const a = text(after.keys);
    return b === a ? "" : ` (maximum key age ${b} → ${a})`;
}

/**
 * The key changes of one credential present on both sides. `fixedAtCreation`:
 * the provider keeps a key's lifetime from its creation (B2), so a moved expiry
 * reaches it with the next generation.
 */
export function diffKeys(name: string, before: CredentialFacts, after: CredentialFacts, fixedAtCreation: boolean): KeyChange[] {
    const c = `\`${name}\``;
    const b = generationsOf(before);
    const a = generationsOf(after);
    const find = (list: readonly Generation[], g: Generation) => list.find((x) => x.host === g.host && x.generation === g.generation);
    const out: KeyChange[] = [];
    const add = (kind: ChangeKind, escalation: boolean, items: string[], text: string) => {
        if (items.length) out.push({ kind, escalation, summary: text.replace("{}", items.join("; ")) });
    };

    const revoked = before.hosts
        .filter((h) => !after.hosts.includes(h))
        .map(
            (h) =>
                `${h} (generation ${b
                    .filter((g) => g.host === h)
                    .map((g) => g.generation)
                    .join(", ")})`,
        );
    add("keys-revoked", false, revoked, `${c} keys revoked on {}: \`pulumi up\` deletes them`);
    const issued = a
        .filter((g) => before.hosts.includes(g.host) && !find(b, g))
        .map((g) => `${label(g)}${g.issued ? ` issued ${g.issued}` : ""}${g.expiresOn ? `, expires ${day(g.expiresOn)}` : ""}`);
    add("generation-issued", false, issued, `${c} new key generation: {}; the outputs carry it, the previous generation stays valid until retired`);
    const retired = b.filter((g) => after.hosts.includes(g.host) && !find(a, g)).map(label);
    add("generation-retired", false, retired, `${c} key generation retired: {}; \`pulumi up\` deletes it`);

    const later: string[] = [];
    const sooner: string[] = [];
    const removed: string[] = [];
    const added: string[] = [];
    for (const g of a) {
        const was = find(b, g);
        if (!was || was.expiresOn === g.expiresOn) continue;
        if (was.expiresOn !== undefined && g.expiresOn === undefined) removed.push(`${label(g)} (was ${day(was.expiresOn)})`);
        else if (was.expiresOn === undefined && g.expiresOn !== undefined) added.push(`${label(g)} on ${day(g.expiresOn)}`);
        else if (was.expiresOn !== undefined && g.expiresOn !== undefined) {
            (g.expiresOn > was.expiresOn ? later : sooner).push(`${label(g)} ${day(was.expiresOn)} → ${day(g.expiresOn)}`);
        }
    }
    const why = lifetimeText(before, after);
    const fixed =
        fixedAtCreation && (later.length || sooner.length || removed.length)
            ? " (live keys keep the lifetime they were created with; this applies from each host's next generation)"
            : "";
    add("expiry-removed", true, removed, `${c} keys no longer expire: {}${why}${fixed}`);
    add("expiry-moved", true, later, `${c} keys expire later: {}${why}${fixed}`);
    add("expiry-moved", false, sooner, `${c} keys expire sooner: {}${why}${fixed}`);
    add("expiry-added", false, added, `${c} keys now expire: {}${why}`);
    return out;
}
