/**
 * Replace a config file's content atomically: a temp file beside it with the
 * same mode, fsynced, renamed over it. A crash leaves the old file or the new
 * one, never half of each. A symlinked stack file is written where it points.
 */
import { randomBytes } from "node:crypto";
import { open, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export async function writeInPlace(path: string, text: string): Promise<void> {
    const target = await realpath(path);
    const mode = (await stat(target)).mode & 0o777;
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
    const handle = await open(temp, "wx", mode);
    try {
        await handle.writeFile(text, "utf8");
        await handle.chmod(mode);
        await handle.sync();
    } catch (err) {
        await handle.close();
        await unlink(temp).catch(() => undefined);
        throw err;
    }
    await handle.close();
    try {
        await rename(temp, target);
    } catch (err) {
        await unlink(temp).catch(() => undefined);
        throw err;
    }
}
