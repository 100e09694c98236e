/**
 * Replace a config file's content atomically: a temp file beside it with the
 * same mode, fsynced, renamed over it (replaceFile). A crash leaves the old
 * file or the new one, never half of each. A symlinked stack file is written
 * where it points.
 */
import { realpath, stat } from "node:fs/promises";
import { replaceFile } from "../shared/atomic-write";

export async function writeInPlace(path: string, text: string): Promise<void> {
    const target = await realpath(path);
    const mode = (await stat(target)).mode & 0o777;
    await replaceFile(target, Buffer.from(text, "utf8"), mode);
}
