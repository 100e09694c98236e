import type { RcloneSection } from "./section";
import { SECTION_NAME_PATTERN } from "./section";

/**
 * INI text for rclone's config file. Pure: the same sections give the same
 * bytes, so re-rendering is idempotent and golden files stay stable.
 */
export function renderIni(sections: readonly RcloneSection[]): string {
    assertRenderable(sections);
    return sections.map((s) => [`[${s.name}]`, ...Object.entries(s.options).map(([k, v]) => `${k} = ${v}`.trimEnd())].join("\n") + "\n").join("\n");
}

/**
 * `RCLONE_CONFIG_<NAME>_<KEY>=value` lines (rclone's environment remotes), for
 * a systemd `EnvironmentFile=`. Names are upper-cased with `-`/`.` → `_`.
 */
export function renderEnv(sections: readonly RcloneSection[]): string {
    assertRenderable(sections);
    const lines: string[] = [];
    const seen = new Map<string, string>();
    for (const s of sections) {
        const prefix = envPrefix(s.name);
        const other = seen.get(prefix);
        if (other !== undefined) {
            throw new Error(`sections "${other}" and "${s.name}" map to the same environment prefix ${prefix}; rename one`);
        }
        seen.set(prefix, s.name);
        for (const [k, v] of Object.entries(s.options)) {
            lines.push(`${prefix}_${k.toUpperCase()}=${v}`);
        }
    }
    return lines.length ? lines.join("\n") + "\n" : "";
}

/** rclone maps a remote name to its environment prefix this way. */
export function envPrefix(sectionName: string): string {
    return "RCLONE_CONFIG_" + sectionName.toUpperCase().replace(/[-. ]/g, "_");
}

/** Refuses what rclone would misread: invalid or duplicate section names, line breaks in keys or values. */
export function assertRenderable(sections: readonly RcloneSection[]): void {
    const names = new Set<string>();
    for (const s of sections) {
        if (!SECTION_NAME_PATTERN.test(s.name)) {
            throw new Error(`rclone section name "${s.name}" may only contain 0-9, A-Z, a-z, _, -, . and space`);
        }
        if (names.has(s.name)) throw new Error(`rclone section "${s.name}" is defined twice`);
        names.add(s.name);
        for (const [k, v] of Object.entries(s.options)) {
            // A newline in a value would smuggle a new key or section into the file.
            if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) {
                throw new Error(`rclone section "${s.name}" option "${k}" contains a line break`);
            }
        }
    }
}
