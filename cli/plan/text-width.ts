/**
 * How wide the plan's text may be: `COLUMNS` when it is set (the user said
 * so), else the terminal's width when stdout is one, else TEXT_WIDTH (a pipe,
 * a file, CI). Never wider than TEXT_WIDTH, never narrower than MIN_TEXT_WIDTH.
 */
import { MIN_TEXT_WIDTH, TEXT_WIDTH } from "./text-layout";

/** What of stdout decides the width (a tty.WriteStream has both; a pipe neither). */
export interface OutputStream {
    readonly isTTY?: boolean;
    readonly columns?: number;
}

export interface OutputWidth {
    readonly width: number;
    /** Set when COLUMNS holds something that is not a width: said on stderr, then ignored (as `ls` does). */
    readonly warning?: string;
}

const clamp = (n: number): number => Math.min(TEXT_WIDTH, Math.max(MIN_TEXT_WIDTH, n));

export function outputWidth(env: NodeJS.ProcessEnv, stdout: OutputStream): OutputWidth {
    const terminal = stdout.isTTY === true && stdout.columns !== undefined && stdout.columns > 0 ? clamp(stdout.columns) : TEXT_WIDTH;
    const columns = env.COLUMNS?.trim();
    if (columns === undefined || columns === "") return { width: terminal };
    if (/^[0-9]+$/.test(columns) && Number(columns) > 0) return { width: clamp(Number(columns)) };
    return { width: terminal, warning: `COLUMNS=${JSON.stringify(env.COLUMNS)} is not a width (a whole number of columns, e.g. 80): using ${terminal}` };
}
