/**
 * The administrative identity (`--admin-config <rclone.conf>`): a section
 * `[postdeploy-admin]` (or `[postdeploy-admin-<remote>]` for one remote) whose
 * keys may write in the tested buckets, e.g. the identity that deployed them.
 * With it the run emulates AWS's bucket-owner ownership on any server: the
 * objects no-read roles are checked against are written by it, not by the
 * section; it reads bucket settings so probes write back exactly what is
 * there; and it removes every version the run left.
 */
import { readFile, stat } from "node:fs/promises";
import { renderIni } from "../../components/rclone/render";
import { CliError } from "../shared/cli-error";
import { parseIniSections } from "./outputs";

export const ADMIN_SECTION = "postdeploy-admin";

export interface AdminConfig {
    /** Admin sections by name: `postdeploy-admin` and any `postdeploy-admin-<remote>`. */
    readonly sections: ReadonlyMap<string, Readonly<Record<string, string>>>;
    /** rclone config text of those sections only. */
    readonly configText: string;
}

export async function loadAdminConfig(path: string, warn: (message: string) => void): Promise<AdminConfig> {
    let text: string;
    try {
        const info = await stat(path);
        if ((info.mode & 0o077) !== 0) warn(`warning: ${path} holds keys and is readable by others; chmod 600 it`);
        text = await readFile(path, "utf8");
    } catch (e) {
        throw new CliError(`--admin-config ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return parseAdminConfig(text, `--admin-config ${path}`);
}

export function parseAdminConfig(text: string, source: string): AdminConfig {
    const all = parseIniSections(text);
    const sections = new Map([...all].filter(([name]) => name === ADMIN_SECTION || name.startsWith(`${ADMIN_SECTION}-`)));
    const problems: string[] = [];
    if (sections.size === 0) {
        problems.push(`no [${ADMIN_SECTION}] section (or [${ADMIN_SECTION}-<remote>]); add one whose keys may write in the tested buckets`);
    }
    for (const [name, options] of sections) {
        if (options.type !== "s3" && options.type !== "b2") problems.push(`[${name}] type = ${options.type ?? "(missing)"}: expected s3 or b2`);
    }
    if (problems.length) throw new CliError(`${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return { sections, configText: renderIni([...sections].map(([name, options]) => ({ name, options }))) };
}

/** The admin section for a remote: its own `postdeploy-admin-<remote>` when given, else `postdeploy-admin`. */
export function adminSectionFor(admin: AdminConfig, remote: string): string | undefined {
    const own = `${ADMIN_SECTION}-${remote}`;
    if (admin.sections.has(own)) return own;
    return admin.sections.has(ADMIN_SECTION) ? ADMIN_SECTION : undefined;
}
