/**
 * `--sealed <file> --identity <key>`: open a host's sealed file with the
 * host's age key and read back its sections. The plaintext must be exactly
 * what backup-remotes renders for a host (components/rclone/host-file.ts),
 * so nothing but the stack's own sections can enter the merge. Errors never
 * quote the identity or the plaintext.
 */
import { readFile, stat } from "node:fs/promises";
import { Decrypter, armor } from "age-encryption";
import { type HostSection, renderHostFile } from "../../components/rclone/host-file";
import { parseUsageComments, type SectionUsage } from "../../components/rclone/host-job";
import { iniMarker } from "../../components/rclone/marker";
import { renderIni } from "../../components/rclone/render";
import type { RcloneSection } from "../../components/rclone/section";
import { CliError } from "../shared/cli-error";
import { describeFsError, octalMode, othersCanRead } from "../shared/fs-error";
import { readStdin } from "../shared/load-outputs";
import { type IniDocument, type IniSection, parseIniDocument } from "./ini-blocks";

const ARMOR_HEADER = "-----BEGIN AGE ENCRYPTED FILE-----";
const BINARY_HEADER = "age-encryption.org/v1\n";

export interface SealedHost {
    /** For messages: `sealed file db1.age`. */
    readonly origin: string;
    readonly sections: readonly HostSection[];
}

export async function openSealedHost(file: string, identityFile: string, environment: string): Promise<SealedHost> {
    const origin = file === "-" ? "sealed file on stdin" : `sealed file ${file}`;
    const sealed = file === "-" ? Buffer.from(await readStdin(), "utf8") : await readInput(file, "sealed file");
    const decrypter = new Decrypter();
    for (const identity of parseIdentities(await readIdentity(identityFile), identityFile)) decrypter.addIdentity(identity);
    const plaintext = await decrypt(decrypter, ageBytes(sealed, origin), origin, identityFile);
    return { origin, sections: sectionsOfHostFile(plaintext, environment, origin) };
}

function ageBytes(sealed: Buffer, origin: string): Uint8Array {
    const text = sealed.toString("utf8").trimStart();
    if (text.startsWith(ARMOR_HEADER)) {
        try {
            return armor.decode(text);
        } catch (err) {
            throw new CliError(
                `${origin} is damaged: its ASCII armor does not decode (${(err as Error).message}); nothing was written. ` +
                    "Fetch it again from the stack's sealedHosts output",
            );
        }
    }
    if (sealed.subarray(0, BINARY_HEADER.length).toString("latin1") === BINARY_HEADER) return new Uint8Array(sealed);
    throw new CliError(
        `${origin} is not an age-encrypted file (no "${ARMOR_HEADER}" line); nothing was written. ` + "Give the host's entry of the stack's sealedHosts output",
    );
}

async function decrypt(decrypter: Decrypter, bytes: Uint8Array, origin: string, identityFile: string): Promise<string> {
    try {
        return await decrypter.decrypt(bytes, "text");
    } catch (err) {
        const reason = (err as Error).message;
        if (/no identity matched/.test(reason)) {
            throw new CliError(
                `${origin} is not sealed to the key in ${identityFile}: it is another host's file, or this host's ` +
                    "key changed since the stack was deployed (hostKeys in the stack config); nothing was written",
            );
        }
        throw new CliError(
            `${origin} cannot be opened: it was modified or damaged after sealing (age: ${reason}); ` +
                "nothing was written. Fetch it again from the stack's sealedHosts output",
        );
    }
}

async function readInput(path: string, what: string): Promise<Buffer> {
    try {
        return await readFile(path);
    } catch (err) {
        throw new CliError(`cannot read ${what} ${path}: ${describeFsError(err)}`);
    }
}

async function readIdentity(path: string): Promise<string> {
    const text = (await readInput(path, "identity file")).toString("utf8");
    const mode = (await stat(path)).mode;
    if (othersCanRead(mode)) {
        // Not fatal (the key is the host's to manage), but anyone who reads it can open this host's files.
        process.stderr.write(`warning: identity file ${path} is readable by others (mode ${octalMode(mode)}); chmod 600 it\n`);
    }
    return text;
}

/** age identity file lines: AGE-SECRET-KEY-1…, blank lines and # comments. */
function parseIdentities(text: string, file: string): string[] {
    if (/-----BEGIN OPENSSH PRIVATE KEY-----/.test(text)) {
        throw new CliError(
            `${file} is an SSH private key; sealed files are sealed to age keys (hostKeys holds age1… keys). ` +
                "Give the age key file made with `age-keygen -o`",
        );
    }
    const keys: string[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) return;
        if (!/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/.test(line)) {
            throw new CliError(
                `${file}:${i + 1}: not an age identity (AGE-SECRET-KEY-1… as \`age-keygen\` writes it); ` + "plugin and SSH identities are not supported",
            );
        }
        keys.push(line);
    });
    if (keys.length === 0) throw new CliError(`${file} holds no age identity (AGE-SECRET-KEY-1…); give the file made with \`age-keygen -o\``);
    return keys;
}

/** The sections of a host file, refused unless the text is exactly what backup-remotes renders for `environment`. */
export function sectionsOfHostFile(text: string, environment: string, origin: string): HostSection[] {
    const doc = parseIniDocument(text, `${origin} (decrypted)`);
    const foreign = [...new Set(doc.sections.map((s) => s.managedBy).filter((s) => s !== environment))];
    if (foreign.length > 0) {
        const stacks = foreign.map((s) => (s === undefined ? "unmarked sections" : `stack ${s}`)).join(", ");
        throw new CliError(
            `${origin} holds ${stacks}, not stack ${environment}; check --stack (a staging file must not ` + "land under prod's markers); nothing was written",
        );
    }
    const parsed = doc.sections.map((s) => parseBlock(doc, s));
    const sections = parsed.flatMap((s) => (s.usage === undefined ? [] : [{ ...s, usage: s.usage }]));
    if (parsed.length > 0 && sections.length === 0 && isUsagelessHostFile(environment, parsed, text)) {
        throw new CliError(
            `${origin} was sealed by an older backup-remotes (its sections do not say their role, path and ` +
                "job); deploy this version (`pulumi up` seals every host's file again), then fetch it again; nothing was written",
        );
    }
    if (sections.length === 0 || sections.length !== parsed.length || renderedOrUndefined(environment, sections) !== text) {
        throw new CliError(`${origin} opened, but its content is not a host file written by backup-remotes; nothing was written`);
    }
    return sections;
}

/** A section's options and the usage its comment lines state (undefined when they state none). */
function parseBlock(doc: IniDocument, s: IniSection): RcloneSection & { readonly usage: SectionUsage | undefined } {
    const body = doc.lines.slice(s.headerIndex + 1, s.end);
    const options = Object.fromEntries(
        body
            .filter((l) => l.kind === "entry")
            .map((l) => {
                const at = l.text.indexOf("=");
                return [l.text.slice(0, at).trim(), l.text.slice(at + 1).trim()];
            }),
    );
    const usage = parseUsageComments(
        s.name,
        body.filter((l) => l.kind === "comment").map((l) => l.text.trimEnd()),
    );
    return { name: s.name, options, usage };
}

/** The host file of backup-remotes before its sections carried their usage: marker and section only. */
function isUsagelessHostFile(environment: string, sections: readonly RcloneSection[], text: string): boolean {
    try {
        return sections.map((s) => `${iniMarker(environment)}\n${renderIni([s])}`).join("\n") === text;
    } catch {
        return false;
    }
}

function renderedOrUndefined(environment: string, sections: readonly HostSection[]): string | undefined {
    try {
        return renderHostFile(environment, sections);
    } catch {
        return undefined; // a section name or value backup-remotes would never write
    }
}
