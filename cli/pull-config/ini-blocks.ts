/**
 * An rclone config file as a byte-exact sequence of lines, each classified
 * the way rclone's reader (goconfig) classifies it, and its sections with
 * their extents and managed markers. Joining `lines[].text` gives back the
 * file exactly, so everything the merge does not touch is kept byte for byte.
 *
 * Why not the `ini` package: its decoder never fails (so it cannot say a file
 * is malformed, let alone on which line), strips `;`/`#` from values where
 * rclone keeps them, and nests dotted section names. Here the rules are
 * rclone's own: trim the line; empty → blank; `#`/`;` → comment; `[...]` →
 * section; a `=` or `:` after the first character → key; anything else is an
 * error rclone would also refuse (see the rclone cross-check in the tests).
 */
import { CliError } from "../shared/cli-error";
import { parseMarker } from "../../components/rclone/marker";

export type LineKind = "blank" | "comment" | "header" | "entry";

export interface IniLine {
    /** The line as in the file, including its line ending (the last line may have none). */
    readonly text: string;
    readonly kind: LineKind;
    /** Section name, for headers. */
    readonly header?: string;
}

export interface IniSection {
    readonly name: string;
    readonly headerIndex: number;
    /** Index after the section's last header or key line: comments and blanks after it belong to no section. */
    readonly end: number;
    /** Index of the managed marker directly above the header, if any. */
    readonly markerIndex?: number;
    /** Stack named by that marker. */
    readonly managedBy?: string;
}

export interface IniDocument {
    readonly lines: readonly IniLine[];
    readonly sections: readonly IniSection[];
    /** The file's line ending, used for lines we write into it. */
    readonly eol: "\n" | "\r\n";
}

const BOM = "\uFEFF";

export function splitLines(text: string): string[] {
    return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function classifyLine(text: string, isFirst: boolean): { kind: LineKind | "malformed" | "empty-section"; header?: string } {
    let line = isFirst && text.startsWith(BOM) ? text.slice(1) : text;
    line = line.trim();
    if (line === "") return { kind: "blank" };
    if (line.startsWith("#") || line.startsWith(";")) return { kind: "comment" };
    if (line.startsWith("[") && line.endsWith("]")) {
        const name = line.slice(1, -1).trim();
        return name === "" ? { kind: "empty-section" } : { kind: "header", header: name };
    }
    const separator = line.search(/[=:]/);
    return separator > 0 ? { kind: "entry" } : { kind: "malformed" };
}

/**
 * Parse `text` (the content of `file`). Throws a CliError naming the file and
 * line for anything rclone would refuse, and for a section defined twice.
 * Error messages never quote a line: it may hold a secret.
 */
export function parseIniDocument(text: string, file: string): IniDocument {
    const lines: IniLine[] = [];
    splitLines(text).forEach((raw, i) => {
        const c = classifyLine(raw, i === 0);
        if (c.kind === "malformed") {
            throw new CliError(
                `${file}:${i + 1}: not a [section] header, a # comment or a key = value line ` +
                    "(rclone cannot read this file either); fix or remove that line, then run again",
            );
        }
        if (c.kind === "empty-section") {
            throw new CliError(`${file}:${i + 1}: empty section name "[]" (rclone refuses it); fix or remove that line, then run again`);
        }
        lines.push(c.header === undefined ? { text: raw, kind: c.kind } : { text: raw, kind: c.kind, header: c.header });
    });

    const headerIndexes = lines.flatMap((l, i) => (l.kind === "header" ? [i] : []));
    const sections: IniSection[] = [];
    const firstLine = new Map<string, number>();
    headerIndexes.forEach((headerIndex, k) => {
        const name = lines[headerIndex]!.header!;
        const seen = firstLine.get(name);
        if (seen !== undefined) {
            throw new CliError(
                `${file}:${headerIndex + 1}: section [${name}] is already defined on line ${seen + 1}; ` +
                    "rclone silently merges the two, which hides mistakes; merge them by hand, then run again",
            );
        }
        firstLine.set(name, headerIndex);
        const next = headerIndexes[k + 1] ?? lines.length;
        let end = headerIndex + 1;
        for (let i = headerIndex + 1; i < next; i++) if (lines[i]!.kind === "entry") end = i + 1;
        const above = lines[headerIndex - 1];
        const stack = above?.kind === "comment" ? parseMarker(above.text) : undefined;
        sections.push(stack === undefined ? { name, headerIndex, end } : { name, headerIndex, end, markerIndex: headerIndex - 1, managedBy: stack });
    });

    return { lines, sections, eol: lines[0]?.text.endsWith("\r\n") ? "\r\n" : "\n" };
}

/** Validate that `text` is UTF-8 whose decoding gives back the same bytes (otherwise the merge could not keep it exactly). */
export function decodeExactUtf8(bytes: Buffer, file: string): string {
    const text = bytes.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(bytes)) {
        throw new CliError(`${file} is not UTF-8 text; rclone config files are UTF-8. Convert it (e.g. iconv) or choose another --out`);
    }
    if (text.includes("\0")) {
        throw new CliError(`${file} contains NUL bytes and is not an rclone config file; choose another --out`);
    }
    return text;
}
