/**
 * pull-config: one host's sections from a stack's outputs, merged into its
 * rclone config (or written as an EnvironmentFile). Reads everything, checks
 * everything, and only then writes — any error leaves the file untouched.
 */
import type { RcloneSection } from "../../components/rclone/section";
import { CliError, UsageError } from "../shared/cli-error";
import { hostsOutputSchema, loadStackOutputs, requireOutput } from "../shared/load-outputs";
import type { PullConfigArgs } from "./args";
import { FILE_MODE, inspectTarget, writeAtomically, type WriteHooks } from "./atomic-write";
import { defaultRcloneConfigPath } from "./default-path";
import { buildEnvFile, envRemoteName } from "./env-file";
import { decodeExactUtf8, parseIniDocument } from "./ini-blocks";
import { mergeIni } from "./merge";

export interface PullConfigResult {
    /** 0: written or already up to date; 1: `--check` found a difference. */
    readonly exitCode: 0 | 1;
    readonly messages: readonly string[];
}

export async function pullConfig(args: PullConfigArgs, hooks: WriteHooks = {}): Promise<PullConfigResult> {
    const outputs = await loadStackOutputs(args.outputs !== undefined
        ? { kind: "file", path: args.outputs }
        : { kind: "stack", stack: args.stack });
    const hosts = requireOutput(outputs, "hosts", hostsOutputSchema);
    const host = hosts[args.host];
    if (host === undefined) {
        const known = Object.keys(hosts).sort();
        throw new UsageError(`host "${args.host}" is not in the hosts output of ${outputs.origin} ` +
            `(hosts: ${known.join(", ") || "none"}); check --host, or give the host a credential in Pulumi.${args.environment}.yaml`);
    }
    assertSectionsOfEnvironment(host.sections, args.environment, outputs.origin);

    const messages: string[] = [];
    let path = args.out;
    if (path === undefined) {
        const found = await defaultRcloneConfigPath();
        messages.push(`rclone config: ${found.path} (${found.how})`);
        path = found.path;
    }
    const target = await inspectTarget(path);
    const existing = target.bytes === undefined ? undefined : decodeExactUtf8(target.bytes, path);

    let text: string;
    let summary: string;
    if (args.format === "env") {
        text = buildEnvFile(existing, args.environment, host.sections, path);
        summary = `${host.sections.length} section(s) as environment variables; rclone finds them as ` +
            `${host.sections.map((s) => `${envRemoteName(s.name)}:`).join(" ") || "nothing"} (rclone does not map "-" in a remote name to "_")`;
    } else {
        const merged = mergeIni(existing === undefined ? undefined : parseIniDocument(existing, path),
            args.environment, host.sections, { adopt: args.adopt, file: path });
        text = merged.text;
        summary = [
            merged.added.length ? `added ${names(merged.added)}` : "",
            merged.updated.length ? `updated ${names(merged.updated)}` : "",
            merged.removed.length ? `removed ${names(merged.removed)}` : "",
            merged.adopted.length ? `adopted ${names(merged.adopted)}` : "",
            merged.unchanged.length ? `unchanged ${names(merged.unchanged)}` : "",
            `${merged.kept} other section(s) kept as they were`,
        ].filter((s) => s !== "").join("; ");
    }

    const mode = target.stats === undefined ? undefined : target.stats.mode & 0o777;
    const contentSame = existing === text;
    const modeSame = mode === FILE_MODE;
    const what = `${path} for host ${args.host} of stack ${args.stack}`;
    if (contentSame && modeSame) {
        messages.push(`${args.check ? "in sync" : "nothing to change"}: ${what} is up to date (${summary})`);
        return { exitCode: 0, messages };
    }
    const reasons = [
        existing === undefined ? "file does not exist" : contentSame ? "" : "content differs",
        mode === undefined || modeSame ? "" : `mode is ${octal(mode)}, should be ${octal(FILE_MODE)}`,
    ].filter((r) => r !== "").join(", ");
    if (args.check) {
        messages.push(`drift: ${what} differs from the stack (${reasons}); pull-config would: ${summary}`);
        return { exitCode: 1, messages };
    }
    const backup = `${path}.bak`;
    try {
        await writeAtomically(target, text, backup, hooks);
    } catch (err) {
        if (err instanceof CliError) throw err;
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        throw new CliError(`writing ${path} failed (${code}); the existing file was left as it was`);
    }
    messages.push(`wrote ${what} (${reasons}): ${summary}`);
    if (target.bytes !== undefined) messages.push(`previous file kept as ${backup}`);
    return { exitCode: 0, messages };
}

/**
 * A host's sections are named `<environment>-<credential>`. Outputs whose
 * names carry another environment belong to another stack: writing them
 * under this stack's marker is how a staging host ends up pointed at prod.
 */
function assertSectionsOfEnvironment(sections: readonly RcloneSection[], environment: string, origin: string): void {
    const foreign = sections.filter((s) => !s.name.startsWith(`${environment}-`)).map((s) => s.name);
    if (foreign.length > 0) {
        throw new CliError(`${origin} gives sections ${names(foreign)}, which are not named "${environment}-…": ` +
            `these outputs are not from stack ${environment}. Check --stack and --outputs`);
    }
}

function names(list: readonly string[]): string {
    return list.map((n) => `[${n}]`).join(", ");
}

function octal(mode: number): string {
    return mode.toString(8).padStart(4, "0");
}
