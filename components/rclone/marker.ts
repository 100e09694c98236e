/**
 * The comment that marks what pull-config owns. In an INI file it sits
 * directly above each managed section's header; in an env file it is the
 * first line. It names the stack, so pulling `staging` and then `prod` onto
 * one host leaves each stack's sections alone: a run only ever replaces or
 * removes sections marked with its own stack.
 */
const MARKER_PATTERN = /^\s*[#;]\s*managed by backup-remotes \(stack ([A-Za-z0-9_.-]+)\)/;

export function iniMarker(stack: string): string {
    return `# managed by backup-remotes (stack ${stack}): do not edit, pull-config replaces or removes this section`;
}

export function envMarker(stack: string): string {
    return `# managed by backup-remotes (stack ${stack}): do not edit, pull-config rewrites this whole file`;
}

/** The stack a marker line names, or undefined when the line is not a marker. */
export function parseMarker(line: string): string | undefined {
    return MARKER_PATTERN.exec(line)?.[1];
}
