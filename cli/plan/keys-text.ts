/**
 * The plan's keys part: per credential × host, the generation in use, its
 * issue date and expiry (the `permissions` output's `keys`,
 * components/rotation/keys.ts), and under each key the notes that features
 * add (KeyDetail): the generations still retiring, a key in its grace window.
 * Credentials with nothing to say beyond the default are named on one line.
 */
import type { KeyGenerationEntry, PermissionEntry, RemoteSummary } from "../../components/outputs";
import { alignRows, shellLines, wrapText } from "./text-layout";

/** One key of the plan: a credential on one host. */
export interface PlannedKey {
    readonly entry: PermissionEntry;
    readonly host: string;
    /** This host's generations, oldest first, the last in use; [] when the entry has no `keys` (generation 1, undated). */
    readonly generations: readonly KeyGenerationEntry[];
    /** The section the outputs carry the key in use under. */
    readonly remote?: RemoteSummary;
}

/** A line under a key: a fact about it, or a warning (the summary counts those), and a command to run, if any. */
export interface KeyNote {
    readonly text: string;
    /** Set for a warning: how the summary names it (a few words). */
    readonly warning?: string;
    /** Shown under the text as a shell command (continued with ` \`, never cut). */
    readonly command?: readonly string[];
}

export interface KeyContext {
    readonly stack: string;
    /** What "now" is for a key's grace window (the plan's clock). */
    readonly now: Date;
}

/** What one feature says under each key; a key with a note is listed even when it is otherwise the default. */
export type KeyDetail = (key: PlannedKey, context: KeyContext) => readonly KeyNote[];

export interface KeysText {
    readonly lines: string[];
    /** Each warning note, one line, for the summary. */
    readonly warnings: string[];
}

const DAY_MS = 86_400_000;

/** `2026-08-14T00:00:00Z` → `2026-08-14` (expiry is at 00:00 UTC); another instant stays whole. */
function day(instant: string): string {
    return instant.endsWith("T00:00:00Z") ? instant.slice(0, 10) : instant;
}

export function plannedKeys(permissions: readonly PermissionEntry[], remotes: readonly RemoteSummary[]): PlannedKey[] {
    return permissions.flatMap((entry) =>
        entry.hosts.map((host) => {
            const remote = remotes.find((r) => r.credential === entry.credential && r.host === host);
            return { entry, host, generations: entry.keys?.generations.filter((g) => g.host === host) ?? [], ...(remote ? { remote } : {}) };
        }),
    );
}

export function renderKeys(keys: readonly PlannedKey[], details: readonly KeyDetail[], context: KeyContext, width: number): KeysText {
    const notes = new Map(keys.map((k) => [k, details.flatMap((d) => d(k, context))]));
    const shown = (k: PlannedKey): boolean => k.entry.keys !== undefined || notes.get(k)!.length > 0;
    const credentials = [...new Set(keys.map((k) => k.entry))];
    const listed = credentials.filter((c) => keys.some((k) => k.entry === c && shown(k)));
    const plain = credentials.filter((c) => !listed.includes(c)).map((c) => c.credential);
    const rows = alignRows(keys.filter((k) => listed.includes(k.entry)).map(keyCells), width);
    const lines: string[] = [];
    const warnings: string[] = [];
    for (const entry of listed) {
        lines.push(...wrapText(`${entry.credential} (${entry.role}, ${entry.provider} ${entry.remote}): ${lifetime(entry)}`, "  ", "      ", width));
        for (const key of keys.filter((k) => k.entry === entry)) {
            lines.push(...rows.shift()!);
            for (const note of notes.get(key)!) {
                lines.push(...wrapText(note.warning ? `WARNING: ${note.text}` : note.text, "        ", "          ", width));
                if (note.command) lines.push(...shellLines(note.command, "          ", width));
                if (note.warning) warnings.push(note.warning);
            }
        }
    }
    if (plain.length > 0) {
        const what = "generation 1 on every host, no issue date, no maximum age (docs/rotation.md)";
        lines.push(...wrapText(`${listed.length === 0 ? "every credential" : plain.join(", ")}: ${what}`, "  ", "    ", width));
    }
    return { lines: [...lines, ...expiryMechanisms(listed, width)], warnings };
}

function lifetime(entry: PermissionEntry): string {
    const k = entry.keys;
    return k?.maxKeyAgeDays === undefined ? "no maximum age" : `max age ${k.maxKeyAgeDays} days + ${k.graceDays ?? 0} days of grace`;
}

/** How each provider ends a key at its expiry, once per provider (the same for all its credentials). */
function expiryMechanisms(listed: readonly PermissionEntry[], width: number): string[] {
    const by = new Map<string, string>();
    for (const e of listed) if (e.keys?.expiresBy !== undefined && !by.has(e.provider)) by.set(e.provider, e.keys.expiresBy);
    if (by.size === 0) return [];
    return ["  How a key ends at its expiry:", ...[...by].flatMap(([provider, how]) => wrapText(`${provider}: ${how}`, "    ", "      ", width))];
}

/** host · generation in use · issued · expires. */
function keyCells(key: PlannedKey): string[] {
    const current = key.generations.at(-1);
    return [
        `    ${key.host}`,
        `g${current?.generation ?? 1}`,
        current?.issued ? `issued ${current.issued}` : "undated",
        current?.expiresOn ? `expires ${day(current.expiresOn)}` : "no expiry",
    ];
}

/** `expires 2026-08-13`, or `expired 2026-07-14` once that has passed. */
function expiry(g: KeyGenerationEntry, now: Date): string {
    if (g.expiresOn === undefined) return "no expiry";
    return `${Date.parse(g.expiresOn) <= now.getTime() ? "expired" : "expires"} ${day(g.expiresOn)}`;
}

/** The generations a rotation is replacing: still carried in `retiringConfig` until `rotate --retire` and `pulumi up`. */
export const retiringNote: KeyDetail = (key, { now }) =>
    key.generations
        .filter((g) => !g.current)
        .map((g) => ({
            text:
                `retiring g${g.generation} (${g.issued ? `issued ${g.issued}` : "undated"}, ${expiry(g, now)}): in retiringConfig as ` +
                `[${key.remote?.section ?? `${key.entry.environment}-${key.entry.credential}.${key.host}`}] until it is retired`,
        }));

/** The key in use past its maximum age (in its grace window) or gone: rotate it before backups stop. */
export const graceWarning: KeyDetail = (key, { stack, now }) => {
    const current = key.generations.at(-1);
    const grace = key.entry.keys?.graceDays;
    if (current?.expiresOn === undefined || grace === undefined) return [];
    const ends = Date.parse(current.expiresOn);
    if (now.getTime() < ends - grace * DAY_MS) return [];
    const left = Math.ceil((ends - now.getTime()) / DAY_MS);
    const when = left > 0 ? `stops working ${day(current.expiresOn)}, in ${left} day${left === 1 ? "" : "s"}` : `stopped working ${day(current.expiresOn)}`;
    const rotating = key.generations.length > 1;
    return [
        {
            warning: `${key.entry.credential} on ${key.host} ${left > 0 ? `expires in ${left} day${left === 1 ? "" : "s"}` : "has expired"}`,
            text:
                `g${current.generation} is past its maximum age of ${key.entry.keys?.maxKeyAgeDays} days and ${when}. ` +
                (rotating ? `Retire g${key.generations.at(-2)!.generation} first (docs/rotation.md), then rotate:` : "Rotate it:"),
            command: ["npm", "run", "rotate", "--", "--stack", stack, "--credential", key.entry.credential, "--host", key.host],
        },
    ];
};
