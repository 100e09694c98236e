/**
 * pull-config: one host's sections — from its sealed file, or from a
 * stack's outputs — merged into its rclone config (or written as an
 * EnvironmentFile). Reads everything, checks everything, and only then
 * writes, holding the file's lock — any error leaves the file untouched.
 */
import { dirname } from "node:path";
import type { HostSection } from "../../components/rclone/host-file";
import type { RcloneSection } from "../../components/rclone/section";
import { CliError, UsageError } from "../shared/cli-error";
import { octalMode } from "../shared/fs-error";
import { hostsOutputSchema } from "../../components/outputs-schema";
import { loadStackOutputs, remotesUsageSchema, requireOutput } from "../shared/load-outputs";
import type { PullConfigArgs } from "./args";
import { FILE_MODE, type ExistingTarget, inspectTarget, makePrivateDirectories, writeAtomically, type WriteHooks } from "../shared/atomic-write";
import { defaultRcloneConfigPath } from "./default-path";
import { buildEnvFile, envRemoteName } from "./env-file";
import { withFileLock } from "./file-lock";
import { decodeExactUtf8, parseIniDocument } from "./ini-blocks";
import { mergeIni } from "./merge";
import { openSealedHost } from "./sealed";

export interface PullConfigResult {
    /** 0: written or already up to date; 1: `--check` found a difference. */
    readonly exitCode: 0 | 1;
    readonly messages: readonly string[];
}

/** The host's sections and where they came from, for messages. */
export interface HostSource {
    readonly sections: readonly HostSection[];
    /** `host db1 of stack staging` or `sealed file db1.age (stack staging)`. */
    readonly what: string;
}

export async function pullConfig(args: PullConfigArgs, hooks: WriteHooks = {}): Promise<PullConfigResult> {
    const source = await loadHostSource(args);
    const messages: string[] = [];
    let path = args.out;
    if (path === undefined) {
        const found = await defaultRcloneConfigPath();
        messages.push(`rclone config: ${found.path} (${found.how})`);
        path = found.path;
    }
    const target = await inspectTarget(path); // refuses symlinks and shared directories before anything is created
    if (args.check) {
        // Read-only: no lock needed, a writer replaces the file atomically.
        const change = update(args, source, target);
        return { exitCode: change.drift ? 1 : 0, messages: [...messages, change.message] };
    }

    if (target.directoryMissing) await makePrivateDirectories(dirname(path));
    const file = path;
    return withFileLock(file, args.lockTimeoutSeconds, async () => {
        // Read again under the lock: another run may have written the file while we waited.
        const current = await inspectTarget(file);
        const change = update(args, source, current);
        if (!change.drift) return { exitCode: 0, messages: [...messages, change.message] };
        try {
            await writeAtomically(current, change.text, `${file}.bak`, hooks);
        } catch (err) {
            if (err instanceof CliError) throw err;
            const code = (err as NodeJS.ErrnoException).code ?? String(err);
            throw new CliError(`writing ${file} failed (${code}); the existing file was left as it was`);
        }
        messages.push(`wrote ${file} ${source.what} (${change.reasons}): ${change.summary}`);
        if (current.bytes !== undefined) messages.push(`previous file kept as ${file}.bak`);
        return { exitCode: 0, messages };
    });
}

/** The host's sections, read and checked as for a write (the self-test runs on them). */
export async function loadHostSource(args: PullConfigArgs): Promise<HostSource> {
    if (args.sealed !== undefined) {
        const opened = await openSealedHost(args.sealed.file, args.sealed.identity, args.environment);
        assertSectionsOfEnvironment(opened.sections, args.environment, opened.origin);
        return { sections: opened.sections, what: `from ${opened.origin} (stack ${args.stack})` };
    }
    const outputs = await loadStackOutputs(args.outputs !== undefined ? { kind: "file", path: args.outputs } : { kind: "stack", stack: args.stack });
    const hosts = requireOutput(outputs, "hosts", hostsOutputSchema);
    const hostName = args.host ?? "";
    const host = hosts[hostName];
    if (host === undefined) {
        const known = Object.keys(hosts).sort();
        throw new UsageError(
            `host "${hostName}" is not in the hosts output of ${outputs.origin} ` +
                `(hosts: ${known.join(", ") || "none"}); check --host, or give the host a credential in Pulumi.${args.environment}.yaml`,
        );
    }
    assertSectionsOfEnvironment(host.sections, args.environment, outputs.origin);
    const usage = requireOutput(outputs, "remotes", remotesUsageSchema).filter((r) => r.host === hostName);
    const sections = host.sections.map((s): HostSection | undefined => {
        const r = usage.find((u) => u.hostSection === s.name);
        return r === undefined ? undefined : { ...s, usage: { role: r.role, path: r.path, flags: r.rcloneFlags } };
    });
    const missing = host.sections.filter((_, i) => sections[i] === undefined).map((s) => s.name);
    if (missing.length > 0) {
        throw new CliError(
            `the remotes output of ${outputs.origin} has no entry for host ${hostName}'s ${names(missing)} ` +
                "(its role, path and flags, which the host's file states): the outputs are incomplete or from another deployment; " +
                "give the whole `pulumi stack output --json --show-secrets`",
        );
    }
    return { sections: sections.filter((s) => s !== undefined), what: `for host ${hostName} of stack ${args.stack}` };
}

interface Update {
    /** Whether the file differs from what the stack says (content or mode). */
    readonly drift: boolean;
    readonly text: string;
    readonly summary: string;
    readonly reasons: string;
    /** The message when nothing is written: in sync, or (with --check) the drift. */
    readonly message: string;
}

/** What the file should become, and how it differs from what is there. */
function update(args: PullConfigArgs, source: HostSource, target: ExistingTarget): Update {
    const existing = target.bytes === undefined ? undefined : decodeExactUtf8(target.bytes, target.path);
    const { text, summary } = args.format === "env" ? envFile(args, source, existing, target.path) : iniFile(args, source, existing, target.path);
    const mode = target.stats === undefined ? undefined : target.stats.mode & 0o777;
    const contentSame = existing === text;
    const modeSame = mode === FILE_MODE;
    const what = `${target.path} ${source.what}`;
    const reasons = [
        existing === undefined ? "file does not exist" : contentSame ? "" : "content differs",
        mode === undefined || modeSame ? "" : `mode is ${octalMode(mode)}, should be ${octalMode(FILE_MODE)}`,
    ]
        .filter((r) => r !== "")
        .join(", ");
    const drift = !(contentSame && modeSame);
    const message = !drift
        ? `${args.check ? "in sync" : "nothing to change"}: ${what} is up to date (${summary})`
        : `drift: ${what} differs from the stack (${reasons}); pull-config would: ${summary}`;
    return { drift, text, summary, reasons, message };
}

function envFile(args: PullConfigArgs, source: HostSource, existing: string | undefined, path: string): { text: string; summary: string } {
    return {
        text: buildEnvFile(existing, args.environment, source.sections, path),
        summary:
            `${source.sections.length} section(s) as environment variables; rclone finds them as ` +
            `${source.sections.map((s) => `${envRemoteName(s.name)}:`).join(" ") || "nothing"} (rclone does not map "-" in a remote name to "_")`,
    };
}

function iniFile(args: PullConfigArgs, source: HostSource, existing: string | undefined, path: string): { text: string; summary: string } {
    const merged = mergeIni(existing === undefined ? undefined : parseIniDocument(existing, path), args.environment, source.sections, {
        adopt: args.adopt,
        file: path,
    });
    const summary = [
        merged.added.length ? `added ${names(merged.added)}` : "",
        merged.updated.length ? `updated ${names(merged.updated)}` : "",
        merged.removed.length ? `removed ${names(merged.removed)}` : "",
        merged.adopted.length ? `adopted ${names(merged.adopted)}` : "",
        merged.unchanged.length ? `unchanged ${names(merged.unchanged)}` : "",
        `${merged.kept} other section(s) kept as they were`,
    ]
        .filter((s) => s !== "")
        .join("; ");
    return { text: merged.text, summary };
}

/**
 * A host's sections are named `<environment>-<credential>`. Outputs whose
 * names carry another environment belong to another stack: writing them
 * under this stack's marker is how a staging host ends up pointed at prod.
 */
function assertSectionsOfEnvironment(sections: readonly RcloneSection[], environment: string, origin: string): void {
    const foreign = sections.filter((s) => !s.name.startsWith(`${environment}-`)).map((s) => s.name);
    if (foreign.length > 0) {
        throw new CliError(
            `${origin} gives sections ${names(foreign)}, which are not named "${environment}-…": ` +
                `these outputs are not from stack ${environment}. Check --stack and --outputs`,
        );
    }
}

function names(list: readonly string[]): string {
    return list.map((n) => `[${n}]`).join(", ");
}
