/**
 * Validating a stack's outputs (what `pulumi stack output --json --show-secrets`
 * prints; read by cli/shared/load-outputs.ts) into the sections the post-deploy
 * test will exercise. Every problem names the output key and what would be
 * valid; nothing runs on bad input.
 */
import { decode } from "ini";
import type { z } from "zod";
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { stackOutputsSchema } from "../../components/outputs-schema";
import { renderIni } from "../../components/rclone/render";
import type { RcloneSection } from "../../components/rclone/section";
import { CliError } from "../shared/cli-error";
import { rcConfigForFlags, SUPPORTED_FLAGS } from "./rc-config";

/** Outputs that cannot be tested: the message names the output key and what would be valid. */
export class OutputsError extends CliError {}

// The sections come from rcloneConfig or, without it, from hosts (a host's own outputs); there is something to test.
const outputsSchema = stackOutputsSchema
    .pick({ rcloneConfig: true, hosts: true, permissions: true })
    .partial({ rcloneConfig: true, hosts: true })
    .extend({
        remotes: stackOutputsSchema.shape.remotes.min(1, { error: "remotes must list at least one section" }),
    });

/** One section to test: its summary, its permissions entry and its options. */
export interface DeployedSection {
    readonly summary: RemoteSummary;
    readonly permissions: PermissionEntry;
    readonly options: Readonly<Record<string, string>>;
}

export interface LoadedOutputs {
    readonly environment: string;
    readonly sections: readonly DeployedSection[];
    /** rclone config text holding every section under its `section` name. */
    readonly configText: string;
}

/** Section names of an rclone config text (dots in names are kept: ini would nest them). */
export function parseIniSections(text: string): Map<string, Record<string, string>> {
    const escaped = text.replace(/^\[([^\]]*)\]/gm, (_m, name: string) => `[${name.replace(/\./g, "\\.")}]`);
    const decoded = decode(escaped) as Record<string, unknown>;
    const out = new Map<string, Record<string, string>>();
    // In file order (ini moves names it had to unescape to the end).
    for (const [, name] of text.matchAll(/^\[([^\]]*)\]/gm)) {
        const body = decoded[name!];
        if (typeof body !== "object" || body === null || out.has(name!)) continue;
        out.set(name!, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])));
    }
    return out;
}

/**
 * Validate outputs and pair each remote summary with its section and
 * permissions. `stack`, when given, must be the environment of every section:
 * a staging test must never run against prod's outputs.
 */
export function loadOutputs(raw: unknown, source: string, stack?: string): LoadedOutputs {
    for (const key of ["rcloneConfig", "hosts"]) {
        if ((raw as Record<string, unknown> | null)?.[key] === "[secret]") {
            throw new OutputsError(
                `${source}: output "${key}" is hidden as "[secret]"; produce the outputs with \`pulumi stack output --json --show-secrets\``,
            );
        }
    }
    const parsed = outputsSchema.safeParse(raw);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
        throw new OutputsError(`${source}: not the stack outputs this command expects:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    const o = parsed.data;
    const problems: string[] = [];
    const environments = [...new Set(o.remotes.map((r) => r.environment))];
    if (environments.length !== 1) problems.push(`remotes: sections of several environments (${environments.join(", ")}); expected one`);
    const environment = environments[0]!;
    if (stack !== undefined && environment !== stack) {
        problems.push(`remotes: the outputs are of environment "${environment}", not of --stack ${stack}`);
    }

    let sectionOptions: (r: RemoteSummary) => Record<string, string> | undefined;
    let configText: string;
    if (o.rcloneConfig !== undefined) {
        const ini = parseIniSections(o.rcloneConfig);
        sectionOptions = (r) => ini.get(r.section);
        // Verbatim: the test exercises exactly the text that was generated.
        configText = o.rcloneConfig;
    } else if (o.hosts !== undefined) {
        const hosts = o.hosts;
        sectionOptions = (r) => hosts[r.host]?.sections.find((s) => s.name === r.hostSection)?.options;
        configText = "";
    } else {
        throw new OutputsError(`${source}: neither rcloneConfig nor hosts is present; one of them must hold the rclone sections`);
    }

    const sections = pairSections(o, sectionOptions, problems);
    if (problems.length) throw new OutputsError(`${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    if (configText === "") {
        const rendered: RcloneSection[] = sections.map((s) => ({ name: s.summary.section, options: s.options }));
        configText = renderIni(rendered);
    }
    return { environment, sections, configText };
}

type ParsedOutputs = z.infer<typeof outputsSchema>;

/** Each remote with its section options and permissions entry; every problem into `problems`. */
function pairSections(o: ParsedOutputs, sectionOptions: (r: RemoteSummary) => Record<string, string> | undefined, problems: string[]): DeployedSection[] {
    const sections: DeployedSection[] = [];
    const seen = new Set<string>();
    for (const summary of o.remotes) {
        if (seen.has(summary.section)) problems.push(`remotes: section "${summary.section}" is listed twice`);
        seen.add(summary.section);
        const options = sectionOptions(summary);
        if (!options) {
            problems.push(
                o.rcloneConfig !== undefined
                    ? `rcloneConfig: no section [${summary.section}] (named in remotes)`
                    : `hosts.${summary.host}.sections: no section "${summary.hostSection}" (named in remotes)`,
            );
            continue;
        }
        const permissions = o.permissions.find((p) => p.environment === summary.environment && p.credential === summary.credential);
        if (!permissions) {
            problems.push(`permissions: no entry for credential "${summary.credential}" (section ${summary.section})`);
            continue;
        }
        if (permissions.role !== summary.role || permissions.bucket !== summary.bucket || permissions.prefix !== summary.prefix) {
            problems.push(`permissions: entry of "${summary.credential}" disagrees with remotes on role, bucket or prefix`);
        }
        const { unsupported } = rcConfigForFlags(summary.rcloneFlags);
        if (unsupported.length) {
            problems.push(
                `remotes: rcloneFlags of section "${summary.section}" has ${unsupported.join(", ")}, which the post-deploy test cannot apply ` +
                    `(it knows ${SUPPORTED_FLAGS.join(", ")})`,
            );
        }
        sections.push({ summary, permissions, options });
    }
    return sections;
}

/** Values in a section that must never be printed. */
export function secretValues(sections: readonly { readonly options: Readonly<Record<string, string>> }[]): string[] {
    const values = new Set<string>();
    for (const s of sections) {
        for (const [k, v] of Object.entries(s.options)) {
            if (/key|secret|token|pass|account|session/i.test(k) && v.length >= 4) values.add(v);
        }
    }
    return [...values];
}
