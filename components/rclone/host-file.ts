/**
 * A host's rclone config as backup-remotes writes it: each of the host's
 * sections under the marker that names its stack, one blank line between
 * them. Under each header, comment lines (rclone ignores them; they survive
 * rclone rewriting the file) say what the section is for: its role, path,
 * flags and a ready job line (host-job.ts). This is what `pull-config`
 * writes into an empty file and exactly the plaintext of the host's sealed
 * file (`sealedHosts`), so a host that decrypts its sealed file with `age -d`
 * gets the bytes pull-config would have written, and `pull-config --sealed`
 * merges the same blocks.
 */
import { usageComments, type SectionUsage } from "./host-job";
import { iniMarker } from "./marker";
import { assertRenderable, renderIni } from "./render";
import type { RcloneSection } from "./section";

/** A section of a host's file with what it is for. */
export interface HostSection extends RcloneSection {
    readonly usage: SectionUsage;
}

/**
 * One managed section: the marker line, the header, the usage comments, then
 * the options. Lines end in "\n". The comments sit inside the section (after
 * its header, before its last option), so a merge replaces or removes them
 * with it.
 */
export function managedBlock(stack: string, section: HostSection): string {
    const [header, ...options] = renderIni([section]).split("\n");
    return [iniMarker(stack), header, ...usageComments(stack, section.name, section.usage), ...options].join("\n");
}

/** The whole file for a host: its managed blocks, one blank line apart. Pure: same sections, same bytes. */
export function renderHostFile(stack: string, sections: readonly HostSection[]): string {
    assertRenderable(sections); // refuses duplicate names and line breaks across the whole file, not only per block
    for (const s of sections) {
        // A line break in a comment would end it: what follows would be read as an option or a section.
        if ([s.usage.path, ...s.usage.flags].some((v) => /[\r\n]/.test(v)))
            throw new Error(`rclone section "${s.name}": its path or flags contain a line break`);
    }
    return sections.map((s) => managedBlock(stack, s)).join("\n");
}

/** The section without its usage, as rclone and the `hosts` output see it. */
export function plainSection(section: HostSection): RcloneSection {
    return { name: section.name, options: section.options };
}
