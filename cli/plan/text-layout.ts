/**
 * Plain-text layout for terminals: aligned columns and wrapped prose within a
 * width, measured in display columns (the tree's box-drawing characters, a
 * wide or combining character in a name), never in UTF-16 code units.
 */
import stringWidth from "string-width";

/** The most the plan's text uses (a terminal split in two still shows it whole); narrower when the terminal says so. */
export const TEXT_WIDTH = 100;
/** The narrowest the text is laid out for: below it tables and names would break into crumbs. */
export const MIN_TEXT_WIDTH = 60;

const GAP = "  ";
/** A table whose last column would get fewer columns than this (and than its widest cell) is laid out one row per paragraph instead. */
const MIN_LAST_COLUMN = 12;
/** No line of wrapped text is given fewer columns than this, however deep its indent. */
const MIN_LINE = 8;

/** Columns `s` takes in a terminal. */
export function displayWidth(s: string): number {
    return stringWidth(s);
}

function padEnd(s: string, width: number): string {
    return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}

/**
 * Rows with their columns aligned (two spaces between). When a row would
 * pass `width`, its last column wraps onto continuation lines under itself.
 */
export function alignColumns(rows: readonly (readonly string[])[], width = TEXT_WIDTH): string[] {
    return alignRows(rows, width).flat();
}

/**
 * alignColumns, keeping each row's lines together (a row is more than one line when its last column wraps).
 * When the columns before the last leave it too little room, each row is one paragraph, its cells two spaces
 * apart, wrapped with a hanging indent: no longer aligned, but within the width.
 */
export function alignRows(rows: readonly (readonly string[])[], width = TEXT_WIDTH): string[][] {
    const widths = columnWidths(rows);
    const lastStart = widths.slice(0, -1).reduce((n, w) => n + w + GAP.length, 0);
    if (!fitsAligned(rows, width)) {
        return rows.map((row) => {
            const lead = /^ */.exec(row[0] ?? "")![0];
            return wrapText(
                row
                    .map((c) => c.trim())
                    .filter((c) => c !== "")
                    .join(GAP),
                lead,
                `${lead}    `,
                width,
            );
        });
    }
    return rows.map((row) => {
        const lead = row
            .slice(0, -1)
            .map((cell, i) => padEnd(cell, widths[i]!))
            .join(GAP);
        const head = lead === "" ? "" : lead + GAP;
        const [first = "", ...more] = wrapWords(row.at(-1) ?? "", Math.max(width - lastStart, MIN_LAST_COLUMN));
        return [(head + first).trimEnd(), ...more.map((l) => " ".repeat(lastStart) + l)];
    });
}

function columnWidths(rows: readonly (readonly string[])[]): number[] {
    const widths: number[] = [];
    for (const row of rows)
        row.forEach((cell, i) => {
            widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
        });
    return widths;
}

/** Whether alignRows can keep `rows` as aligned columns within `width` (else it lays each row out as a paragraph). */
export function fitsAligned(rows: readonly (readonly string[])[], width = TEXT_WIDTH): boolean {
    const widths = columnWidths(rows);
    const lastStart = widths.slice(0, -1).reduce((n, w) => n + w + GAP.length, 0);
    return lastStart + Math.min(MIN_LAST_COLUMN, widths.at(-1) ?? 0) <= width;
}

/** `text` word-wrapped to `width`: the first line after `indent`, the others after `hanging`. */
export function wrapText(text: string, indent: string, hanging: string, width = TEXT_WIDTH): string[] {
    const lines = wrapWords(text, width - displayWidth(hanging), width - displayWidth(indent));
    return lines.map((l, i) => (i === 0 ? indent : hanging) + l);
}

/**
 * Words filled into lines of at most `width` columns (`firstWidth` for the first). A word longer than a whole
 * line (a URN, an ARN, an age key, a long name) starts a line of its own and is cut at the width, after a
 * `/`, `:`, `.`, `-`, `_`, `,` or `=` where one falls in the piece's second half; the rest continues on the
 * next line.
 */
function wrapWords(text: string, width: number, firstWidth = width): string[] {
    const lines: string[] = [];
    let line = "";
    const limit = (): number => Math.max(lines.length === 0 ? firstWidth : width, MIN_LINE);
    for (const word of text.split(" ").filter((w) => w !== "")) {
        const joined = line === "" ? word : `${line} ${word}`;
        if (displayWidth(joined) <= limit()) {
            line = joined;
            continue;
        }
        // A word too long for any line fills the rest of this one (when that is room for a piece), then goes on.
        const room = limit() - displayWidth(line) - 1;
        if (line !== "" && (displayWidth(word) <= limit() || room < MIN_LINE)) {
            lines.push(line);
            line = word;
        } else if (line !== "") {
            const [head, tail] = cutWord(word, room);
            lines.push(`${line} ${head}`);
            line = tail;
        } else {
            line = word;
        }
        while (displayWidth(line) > limit()) {
            const [head, tail] = cutWord(line, limit());
            lines.push(head);
            line = tail;
        }
    }
    return [...lines, line];
}

const segmenter = new Intl.Segmenter();
const SEPARATORS = new Set(["/", ":", ".", "-", "_", ",", "="]);

/** `word` split into a head of at most `width` columns (whole characters) and the rest. */
function cutWord(word: string, width: number): [string, string] {
    const chars = [...segmenter.segment(word)].map((s) => s.segment);
    let cut = 0;
    for (let used = 0; cut < chars.length && used + displayWidth(chars[cut]!) <= width; cut++) used += displayWidth(chars[cut]!);
    cut = Math.max(cut, 1);
    for (let i = cut; i > cut / 2; i--) {
        if (SEPARATORS.has(chars[i - 1]!)) {
            cut = i;
            break;
        }
    }
    return [chars.slice(0, cut).join(""), chars.slice(cut).join("")];
}

/** Where a shell command's continuation lines start, past its own indent. */
const SHELL_HANGING = 2;

/**
 * A shell command's words filled into lines of `width`, each but the last ending in ` \` (sh joins them back
 * into the one command). A word is never cut (that would change the command): when the longest word does not
 * fit a continuation line, every continuation line is indented less, down to none; a word longer than the
 * whole width is printed whole, past it.
 */
export function shellLines(words: readonly string[], indent: string, width: number): string[] {
    const [first = "", ...rest] = words;
    // Room each word leaves on a continuation line of its own (all but the last also end in " \").
    const room = Math.min(...rest.map((w, i) => width - displayWidth(w) - (i < rest.length - 1 ? 2 : 0)));
    const hanging = " ".repeat(Math.max(0, Math.min(displayWidth(indent) + SHELL_HANGING, room)));
    const lines: string[] = [];
    let line = `${indent}${first}`;
    rest.forEach((word, i) => {
        const more = i < rest.length - 1 ? 2 : 0; // room for " \" when another word follows
        if (displayWidth(line) + 1 + displayWidth(word) + more <= width) {
            line = `${line} ${word}`;
            return;
        }
        lines.push(`${line} \\`);
        line = hanging + word;
    });
    return [...lines, line];
}
