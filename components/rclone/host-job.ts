/**
 * What a host does with one of its sections, stated in its file so a host
 * with only `age` and `rclone` needs nothing else: the role, the path to
 * address (`<section>:<bucket>/<prefix>`), the flags the role needs and a job
 * line that works with the role's least privilege:
 *
 *   copy    `rclone copy --ignore-existing SRC DST`: lists and writes, never reads
 *           (role-options.ts says why the flag), so the second night uploads only new names.
 *   sync    `rclone sync SRC DST`: lists, reads, writes and deletes (on B2 a delete
 *           hides the file: hard_delete = false in the section).
 *   verify  `rclone check --one-way SRC DST`: lists and reads (hashes from the listing,
 *           a HEAD where the ETag is not an MD5); writes nothing.
 *
 * The source directory is the host's own: the line carries SOURCE_PLACEHOLDER,
 * and the file says so. The config path is where docs/hosts.md installs a
 * host's file; pull-config writes the same bytes wherever it merges them.
 */
import { CAPABILITIES, ROLES, ROLE_CAPABILITIES, type Role } from "../permissions/roles";

/** Stands for the host's own directory in every job line; a path that exists nowhere, so the line run unchanged fails. */
export const SOURCE_PLACEHOLDER = "/path/to/source";

/** What a section is for on its host: the facts its managed block states. */
export interface SectionUsage {
    readonly role: Role;
    /** `bucket/prefix` as rclone addresses it after `<section>:` (the `path` of the `remotes` output). */
    readonly path: string;
    /** Command-line flags every command with this section needs (the `rcloneFlags` of `remotes`). */
    readonly flags: readonly string[];
}

interface RoleJob {
    /** The rclone command (and its own options) of the role's job. */
    readonly command: readonly string[];
    /** What the source directory is, for the role. */
    readonly source: string;
}

const ROLE_JOBS: Readonly<Record<Role, RoleJob>> = {
    copy: { command: ["copy"], source: "the directory to back up" },
    sync: { command: ["sync"], source: "the directory to mirror (what it no longer has is deleted there)" },
    verify: { command: ["check", "--one-way"], source: "the directory that was backed up (each file must be there, same checksum)" },
};

/** Where docs/hosts.md installs an environment's file on a host. */
export function hostConfigPath(environment: string): string {
    return `/etc/rclone/${environment}.conf`;
}

/** The job line of a section: run as is once SOURCE_PLACEHOLDER is replaced. */
export function jobLine(environment: string, section: string, usage: SectionUsage): string {
    return jobWords(environment, section, usage).join(" ");
}

/** The job line's words, each as sh reads it (quoted where needed). */
export function jobWords(environment: string, section: string, usage: SectionUsage): string[] {
    return [
        "rclone",
        "--config",
        hostConfigPath(environment),
        ...ROLE_JOBS[usage.role].command,
        ...usage.flags,
        SOURCE_PLACEHOLDER,
        `${section}:${usage.path}`,
    ].map(shellWord);
}

/** The comment lines a managed block carries under its header (rclone ignores `#` lines). */
export function usageComments(environment: string, section: string, usage: SectionUsage): string[] {
    const may = ROLE_CAPABILITIES[usage.role];
    const mayNot = CAPABILITIES.filter((c) => !may.includes(c));
    return [
        `# role: ${usage.role} (may ${may.join(", ")}${mayNot.length ? `; may not ${mayNot.join(", ")}` : ""})`,
        `# path: ${section}:${usage.path}`,
        `# flags: ${usage.flags.join(" ") || "none"}`,
        `# job: ${jobLine(environment, section, usage)}`,
        `#   ${SOURCE_PLACEHOLDER} is yours: ${ROLE_JOBS[usage.role].source}; --config: where this file is installed`,
    ];
}

/** The usage a block's comment lines state, or undefined when they are not what usageComments writes. */
export function parseUsageComments(section: string, comments: readonly string[]): SectionUsage | undefined {
    const value = (label: string) => comments.find((c) => c.startsWith(`# ${label}: `))?.slice(label.length + 4);
    const role = ROLES.find((r) => value("role")?.startsWith(`${r} (`));
    const path = value("path");
    const flags = value("flags");
    if (role === undefined || path === undefined || flags === undefined || !path.startsWith(`${section}:`)) return undefined;
    return { role, path: path.slice(section.length + 1), flags: flags === "none" ? [] : flags.split(" ") };
}

/** A word as sh reads it: quoted only when it holds something the shell would interpret. */
function shellWord(word: string): string {
    // Inside single quotes nothing is special; a quote itself is closed, escaped and reopened.
    return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : "'" + word.replaceAll("'", "'\\''") + "'";
}
