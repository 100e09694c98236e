/**
 * A host's rclone config as backup-remotes writes it: each of the host's
 * sections under the marker that names its stack, one blank line between
 * them. This is what `pull-config` writes into an empty file and exactly the
 * plaintext of the host's sealed file (`sealedHosts`), so a host that
 * decrypts its sealed file with `age -d` gets the bytes pull-config would
 * have written, and `pull-config --sealed` merges the same sections.
 */
import { iniMarker } from "./marker";
import { assertRenderable, renderIni } from "./render";
import type { RcloneSection } from "./section";

/** One managed section: the marker line, then the section. Lines end in "\n". */
export function managedBlock(stack: string, section: RcloneSection): string {
    return `${iniMarker(stack)}\n${renderIni([section])}`;
}

/** The whole file for a host: its managed blocks, one blank line apart. Pure: same sections, same bytes. */
export function renderHostFile(stack: string, sections: readonly RcloneSection[]): string {
    assertRenderable(sections); // refuses duplicate names and line breaks across the whole file, not only per block
    return sections.map((s) => managedBlock(stack, s)).join("\n");
}
