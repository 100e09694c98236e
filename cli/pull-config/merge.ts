/**
 * Merge a host's sections from one stack into an existing rclone config.
 *
 * Owned by this run: sections whose marker names this stack (and, with
 * `adopt`, unmarked sections the stack now defines). Those are replaced in
 * place, or removed when the stack no longer gives them to the host; new ones
 * go right after the stack's last section (or at the end of the file). Every
 * other line — foreign sections, other stacks' sections, comments between
 * sections — is copied byte for byte. Only blank lines next to a removed or
 * added section change, so adding then removing a section restores the file.
 */
import type { RcloneSection } from "../../components/rclone/section";
import { type HostSection, managedBlock, renderHostFile } from "../../components/rclone/host-file";
import { CliError } from "../shared/cli-error";
import { type IniDocument, type IniSection, splitLines } from "./ini-blocks";

export interface IniMergeResult {
    readonly text: string;
    readonly added: readonly string[];
    readonly updated: readonly string[];
    readonly unchanged: readonly string[];
    readonly removed: readonly string[];
    /** Unmarked sections taken over with `adopt` (also counted in updated/unchanged). */
    readonly adopted: readonly string[];
    /** Sections left exactly as they were: foreign ones and other stacks'. */
    readonly kept: number;
}

export interface IniMergeOptions {
    /** Take over unmarked sections with the same name as one the stack defines. */
    readonly adopt: boolean;
    /** The file, for messages. */
    readonly file: string;
}

const EMPTY: IniDocument = { lines: [], sections: [], eol: "\n" };

export function mergeIni(existing: IniDocument | undefined, stack: string, sections: readonly HostSection[], options: IniMergeOptions): IniMergeResult {
    const doc = existing ?? EMPTY;
    const { lines, eol } = doc;
    const byName = new Map(doc.sections.map((s) => [s.name, s]));
    const block = (s: HostSection): string => managedBlock(stack, s).replace(/\n/g, eol);
    const textOf = (from: number, to: number): string =>
        lines
            .slice(from, to)
            .map((l) => l.text)
            .join("");

    assertNoForeignClash(doc, stack, sections, options);

    const replacements = new Map<number, { end: number; text: string }>();
    const added: HostSection[] = [];
    const updated: string[] = [];
    const unchanged: string[] = [];
    const adopted: string[] = [];
    let anchor: number | undefined; // start index of the stack's last section in the file
    for (const s of sections) {
        const current = byName.get(s.name);
        if (current === undefined) {
            added.push(s);
            continue;
        }
        const text = block(s);
        (textOf(start(current), current.end) === text ? unchanged : updated).push(s.name);
        if (current.managedBy === undefined) adopted.push(s.name);
        replacements.set(start(current), { end: current.end, text });
        if (anchor === undefined || start(current) > anchor) anchor = start(current);
    }

    const { removed, deleted } = staleSections(doc, stack, new Set(sections.map((s) => s.name)));
    const inserted = anchor === undefined ? undefined : { at: anchor, text: added.map((s) => eol + block(s)).join("") };
    let text = spliceLines(lines, replacements, deleted, inserted);
    if (anchor === undefined && added.length > 0) {
        // Into an empty file this is the host file itself, byte for byte what a sealed file holds.
        text = text === "" ? renderHostFile(stack, added).replace(/\n/g, eol) : appendBlocks(text, added.map(block), eol);
    }

    const owned = new Set(replacements.keys());
    const kept = doc.sections.filter((s) => !owned.has(start(s)) && !removed.includes(s.name)).length;
    return { text, added: added.map((s) => s.name), updated, unchanged, removed, adopted, kept };
}

/** Refuse to overwrite what this stack does not own: another stack's section, or an unmarked one without `adopt`. */
/** Where a section starts: its marker comment when it has one, else its header. */
function start(s: IniSection): number {
    return s.markerIndex ?? s.headerIndex;
}

/** This stack's sections the stack no longer defines, and the line indexes they (and one separating blank line each) occupy. */
function staleSections(doc: IniDocument, stack: string, wanted: ReadonlySet<string>): { removed: string[]; deleted: Set<number> } {
    const { lines } = doc;
    const deleted = new Set<number>();
    const removed: string[] = [];
    for (const s of doc.sections) {
        if (s.managedBy !== stack || wanted.has(s.name)) continue;
        removed.push(s.name);
        for (let i = start(s); i < s.end; i++) deleted.add(i);
        // Take one neighbouring blank line with it: the separator added with the section.
        if (lines[start(s) - 1]?.kind === "blank" && !deleted.has(start(s) - 1)) deleted.add(start(s) - 1);
        else if (lines[s.end]?.kind === "blank") deleted.add(s.end);
    }
    return { removed, deleted };
}

/** The file's lines with sections replaced, stale lines dropped, and new sections after the replacement at `inserted.at`. */
function spliceLines(
    lines: IniDocument["lines"],
    replacements: ReadonlyMap<number, { end: number; text: string }>,
    deleted: ReadonlySet<number>,
    inserted: { at: number; text: string } | undefined,
): string {
    const out: string[] = [];
    for (let i = 0; i < lines.length; ) {
        const replacement = replacements.get(i);
        if (replacement !== undefined) {
            out.push(replacement.text);
            if (i === inserted?.at) out.push(inserted.text);
            i = replacement.end;
        } else {
            if (!deleted.has(i)) out.push(lines[i]!.text);
            i++;
        }
    }
    return out.join("");
}

function assertNoForeignClash(doc: IniDocument, stack: string, sections: readonly RcloneSection[], options: IniMergeOptions): void {
    const byName = new Map(doc.sections.map((s) => [s.name, s]));
    const otherStack = sections.flatMap((s) => {
        const current = byName.get(s.name);
        return current?.managedBy !== undefined && current.managedBy !== stack ? [`[${s.name}] (stack ${current.managedBy})`] : [];
    });
    if (otherStack.length > 0) {
        throw new CliError(
            `${options.file}: ${otherStack.join(", ")} ${otherStack.length === 1 ? "is" : "are"} managed by another stack, ` +
                `but stack ${stack} defines a section of the same name; pull each stack with its own --stack, and check that ` +
                "the outputs belong to the stack you named",
        );
    }
    const unmarked = sections
        .filter((s) => {
            const current = byName.get(s.name);
            return current !== undefined && current.managedBy === undefined;
        })
        .map((s) => `[${s.name}]`);
    if (unmarked.length > 0 && !options.adopt) {
        throw new CliError(
            `${options.file}: ${unmarked.join(", ")} ${unmarked.length === 1 ? "exists" : "exist"} but ` +
                `${unmarked.length === 1 ? "is" : "are"} not marked as managed by backup-remotes, and pull-config only replaces ` +
                `sections it wrote. Rename or delete ${unmarked.length === 1 ? "it" : "them"}, or pass --adopt to let stack ` +
                `${stack} take ${unmarked.length === 1 ? "it" : "them"} over (the current file is kept as a backup)`,
        );
    }
}

function appendBlocks(text: string, blocks: readonly string[], eol: string): string {
    let result = text.endsWith("\n") ? text : text + eol;
    if (splitLines(result).at(-1)?.trim() !== "") result += eol; // one blank line before the first new section
    return result + blocks.join(eol);
}
