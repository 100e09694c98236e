/**
 * Human-readable rendering of a redacted plan, every line within the width
 * (TEXT_WIDTH unless the terminal or COLUMNS is narrower; text-width.ts). What
 * cannot wrap: a word longer than its line (a name, an option value, an age
 * key) is cut and continues on the next line; a job line's shell word is never
 * cut (that would change the command) and only one longer than the whole width
 * passes it.
 */
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import type { CapabilityStatus } from "../../components/permissions/access";
import { CAPABILITIES } from "../../components/permissions/roles";
import { renderIni } from "../../components/rclone/render";
import type { IdentityUsage } from "../../components/rotation/quota";
import type { RedactedPlan } from "./redact";
import { addressMechanisms, addressNote } from "./addresses-text";
import { renderHostJobs } from "./host-jobs";
import { graceWarning, type KeyDetail, plannedKeys, renderKeys, retiringNote } from "./keys-text";
import { renderResourceTree } from "./resource-tree";
import { renderSummary } from "./summary";
import { TEXT_WIDTH, alignRows, displayWidth, fitsAligned, wrapText } from "./text-layout";

const STATUS_CELL: Readonly<Record<CapabilityStatus, string>> = { allowed: "yes", denied: "no", "hide-only": "hide" };

/**
 * What the keys part says under each key (credential × host), in this order. A feature that has something
 * to say per key adds its function here (components/… gives it the facts; keys-text.ts has the shape).
 */
const KEY_DETAILS: readonly KeyDetail[] = [addressNote, retiringNote, graceWarning];

export interface PlanTextOptions {
    /** Columns the text keeps within (default TEXT_WIDTH). */
    readonly width?: number;
    /** What "now" is for keys in their grace window (default the real time; the plan command passes its clock). */
    readonly now?: Date;
}

/** Identities per provider account against its quota, at their peak (every key rotating): one paragraph each. */
export function renderIdentityUsage(usage: readonly IdentityUsage[], width = TEXT_WIDTH): string[] {
    return usage.flatMap((u) => {
        const share = Math.round((100 * u.peak) / u.quota);
        const from = u.quotaFrom.startsWith("backup-remotes:") ? `set by ${u.quotaFrom}` : "the provider's default";
        const level = u.level === "ok" ? "" : u.level === "warning" ? "WARNING: " : "REFUSED: ";
        return wrapText(
            `${level}${u.provider}: ${u.now} ${u.counts} now, ${u.peak} while every key rotates: ${share}% of ` +
                `the quota of ${u.quota} (${from}); account: ${u.account}`,
            "  ",
            "      ",
            width,
        );
    });
}

function quotaWarnings(usage: readonly IdentityUsage[]): string[] {
    return usage.filter((u) => u.level !== "ok").map((u) => `${u.provider} identities at ${Math.round((100 * u.peak) / u.quota)}% of the quota`);
}

export function renderPlanText(plan: RedactedPlan, usage: readonly IdentityUsage[] = [], options: PlanTextOptions = {}): string {
    const width = options.width ?? TEXT_WIDTH;
    const heading = (text: string): string[] => wrapText(text, "", "", width);
    const permissions = plan.outputs.permissions as PermissionEntry[];
    const remotes = plan.outputs.remotes as RemoteSummary[];
    const keys = renderKeys(plannedKeys(permissions, remotes), KEY_DETAILS, { stack: plan.stack, now: options.now ?? new Date() }, width);
    const cloudResources = plan.resources.filter((r) => r.type.includes(":") && !r.type.startsWith("backup-remotes:")).length;
    return [
        ...heading(`Offline plan for stack "${plan.stack}": ${cloudResources} cloud resources`),
        "",
        ...heading("Resources `pulumi up` would register (each component's resources under it):"),
        ...renderResourceTree(plan.resources, width),
        "",
        ...heading("Permission matrix (effective; hide: a delete only hides a file, versions stay):"),
        ...renderMatrix(permissions, width),
        "",
        ...heading("Deviations and their controls:"),
        ...renderDeviations(permissions, width),
        "",
        ...heading("Keys per credential and host (generation in use, issued, expires at 00:00 UTC):"),
        ...keys.lines,
        ...addressMechanisms(permissions, width),
        "",
        ...(usage.length
            ? [...heading("Identities per provider account (warns above 80 % of its quota, refuses above):"), ...renderIdentityUsage(usage, width), ""]
            : []),
        ...heading("rclone sections (secrets as [secret]; an over-long value continues indented):"),
        ...renderSections(plan.sections, width),
        ...renderHostJobs(remotes, width),
        "",
        ...renderSealing(plan, width),
        ...(plan.sealing === undefined ? [] : [""]),
        ...renderSummary(plan, [...keys.warnings, ...quotaWarnings(usage)], width),
    ].join("\n");
}

/** The sections as rclone's INI; a line too long for the width continues indented (for reading: it is not INI then). */
function renderSections(sections: RedactedPlan["sections"], width: number): string[] {
    return renderIni(sections)
        .split("\n")
        .flatMap((l) => (displayWidth(l) <= width ? [l] : wrapText(l, "", "    ", width)));
}

/** Each sealed host file: new, unchanged or sealed again, and to whom (recipients are public keys). */
function renderSealing(plan: RedactedPlan, width: number): string[] {
    if (plan.sealing === undefined) return [];
    const sealed = (plan.outputs.sealedHosts ?? {}) as Record<string, string>;
    const what = { sealed: "sealed (new)", unchanged: "unchanged", resealed: "sealed again (file or keys changed)" } as const;
    return [
        ...wrapText("Sealed host files (sealedHosts, public; only its recipients' keys open each):", "", "", width),
        ...plan.sealing.flatMap((r) => [
            ...wrapText(`${r.host}: ${what[r.action]}, ${sealed[r.host]?.length ?? 0} bytes`, "  ", "    ", width),
            ...r.recipients.flatMap((k) => wrapText(`to ${k}`, "      ", "         ", width)),
        ]),
        ...(plan.sealingRemoved?.length ? wrapText(`no longer sealed (host removed): ${plan.sealingRemoved.join(", ")}`, "  ", "    ", width) : []),
    ];
}

/**
 * One block per bucket (provider, bucket, remote), its credentials under it: no row repeats the bucket. When
 * the capability columns do not fit the width, each credential's capabilities go on a line under it.
 */
function renderMatrix(permissions: readonly PermissionEntry[], width: number): string[] {
    const remotes = [...new Set(permissions.map((p) => p.remote))];
    const groups = remotes.map((remote) => permissions.filter((p) => p.remote === remote));
    const ordered = groups.flat();
    const lead = (p: PermissionEntry): string[] => [`  ${p.credential}`, p.role, p.prefix === "" ? "(whole bucket)" : p.prefix];
    const wide = [
        ["credential", "role", "prefix", ...CAPABILITIES, "hosts"],
        ...ordered.map((p) => [...lead(p), ...CAPABILITIES.map((c) => STATUS_CELL[p.effective[c]]), p.hosts.join(", ")]),
    ];
    const rows = fitsAligned(wide, width)
        ? alignRows(wide, width)
        : alignRows([["credential", "role", "prefix", "hosts"], ...ordered.map((p) => [...lead(p), p.hosts.join(", ")])], width).map((row, i) =>
              i === 0 ? row : [...row, ...wrapText(`may ${capabilityWords(ordered[i - 1]!)}`, "      ", "        ", width)],
          );
    const lines = rows.shift()!;
    for (const group of groups) {
        const { provider, bucket, remote } = group[0]!;
        lines.push(...wrapText(`${provider} ${bucket} (remote ${remote})`, "", "  ", width), ...rows.splice(0, group.length).flat());
    }
    return lines;
}

/** `list, write` or `list, read, write, hide`: what the credential effectively may do, in the matrix's words. */
function capabilityWords(p: PermissionEntry): string {
    const may = CAPABILITIES.filter((c) => p.effective[c] !== "denied").map((c) => (p.effective[c] === "hide-only" ? "hide" : c));
    return may.length > 0 ? may.join(", ") : "nothing";
}

function renderDeviations(permissions: readonly PermissionEntry[], width: number): string[] {
    const lines = permissions.flatMap((p) =>
        p.deviations.flatMap((d) => [
            ...wrapText(`${p.credential}: ${d.description}`, "  - ", "    ", width),
            ...wrapText(`control: ${d.control}`, "      ", "        ", width),
        ]),
    );
    return lines.length > 0 ? lines : ["  none"];
}
