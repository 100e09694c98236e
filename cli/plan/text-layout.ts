/** Plain-text layout for terminals: aligned columns and wrapped prose within a width. */

/** The width the plan's text output keeps to (a terminal split in two still shows it whole). */
export const TEXT_WIDTH = 100;

const GAP = "  ";

/**
 * Rows with their columns aligned (two spaces between). When a row would
 * pass `width`, its last column wraps onto continuation lines under itself.
 */
export function alignColumns(rows: readonly (readonly string[])[], width = TEXT_WIDTH): string[] {
    return alignRows(rows, width).flat();
}

/** alignColumns, keeping each row's lines together (a row is more than one line when its last column wraps). */
export function alignRows(rows: readonly (readonly string[])[], width = TEXT_WIDTH): string[][] {
    const widths: number[] = [];
    for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
    const lastStart = widths.slice(0, -1).reduce((n, w) => n + w + GAP.length, 0);
    return rows.map((row) => {
        const lead = row.slice(0, -1).map((cell, i) => cell.padEnd(widths[i]!)).join(GAP);
        const head = lead === "" ? "" : lead + GAP;
        const [first = "", ...more] = wrapWords(row.at(-1) ?? "", Math.max(width - lastStart, 12));
        return [(head + first).trimEnd(), ...more.map((l) => " ".repeat(lastStart) + l)];
    });
}

/** `text` word-wrapped to `width`: the first line after `indent`, the others after `hanging`. */
export function wrapText(text: string, indent: string, hanging: string, width = TEXT_WIDTH): string[] {
    const lines = wrapWords(text, width - hanging.length, width - indent.length);
    return lines.map((l, i) => (i === 0 ? indent : hanging) + l);
}

/** Words (kept whole, however long) filled into lines of at most `width` (`firstWidth` for the first). */
function wrapWords(text: string, width: number, firstWidth = width): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ").filter((w) => w !== "")) {
        const limit = lines.length === 0 ? firstWidth : width;
        if (line !== "" && line.length + 1 + word.length > limit) {
            lines.push(line);
            line = word;
        } else {
            line = line === "" ? word : `${line} ${word}`;
        }
    }
    return [...lines, line];
}
