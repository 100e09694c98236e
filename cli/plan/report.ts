/** Human-readable rendering of a redacted plan, within TEXT_WIDTH columns (the rclone sections aside). */
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import type { CapabilityStatus } from "../../components/permissions/access";
import { CAPABILITIES } from "../../components/permissions/roles";
import { renderIni } from "../../components/rclone/render";
import type { IdentityUsage } from "../../components/rotation/quota";
import type { RedactedPlan } from "./redact";
import { renderHostJobs } from "./host-jobs";
import { renderResourceTree } from "./resource-tree";
import { alignColumns, alignRows, wrapText } from "./text-layout";

const STATUS_CELL: Readonly<Record<CapabilityStatus, string>> = { "allowed": "yes", "denied": "no", "hide-only": "hide" };

/** Identities per provider account against its quota, at their peak (every key rotating). */
export function renderIdentityUsage(usage: readonly IdentityUsage[]): string[] {
    return alignColumns([
        ["provider", "account", "counts", "now", "peak", "quota", "use"],
        ...usage.map((u) => [
            u.provider, u.account, u.counts, String(u.now), String(u.peak),
            u.quotaFrom.startsWith("backup-remotes:") ? `${u.quota} (config)` : `${u.quota} (default)`,
            `${Math.round((100 * u.peak) / u.quota)}%${u.level === "ok" ? "" : u.level === "warning" ? " WARNING" : " REFUSED"}`,
        ]),
    ]).map((l) => `  ${l}`);
}

export function renderPlanText(plan: RedactedPlan, usage: readonly IdentityUsage[] = []): string {
    const permissions = plan.outputs.permissions as PermissionEntry[];
    const cloudResources = plan.resources.filter((r) => r.type.includes(":") && !r.type.startsWith("backup-remotes:")).length;
    return [
        `Offline plan for stack "${plan.stack}": ${cloudResources} cloud resources`,
        "",
        "Resources `pulumi up` would register (components with their resources under them):",
        ...renderResourceTree(plan.resources),
        "",
        "Permission matrix (effective; hide: a delete only hides the file, its versions are kept):",
        ...renderMatrix(permissions),
        "",
        "Deviations and their controls:",
        ...renderDeviations(permissions),
        "",
        ...(usage.length ? ["Identities per provider account (warns above 80 % of the quota, refuses above it):", ...renderIdentityUsage(usage), ""] : []),
        "rclone sections (secrets shown as [secret]):",
        renderIni(plan.sections),
        ...renderHostJobs(plan.outputs.remotes as RemoteSummary[]),
        "",
        ...renderSealing(plan),
    ].join("\n");
}

/** Each sealed host file: new, unchanged or sealed again, and to whom (recipients are public keys). */
function renderSealing(plan: RedactedPlan): string[] {
    if (plan.sealing === undefined) return [];
    const sealed = (plan.outputs.sealedHosts ?? {}) as Record<string, string>;
    const what = { sealed: "sealed (new)", unchanged: "unchanged", resealed: "sealed again (file or keys changed)" } as const;
    return [
        "Sealed host files (output sealedHosts, public: each opens only with its recipients' keys):",
        ...plan.sealing.flatMap((r) => [
            `  ${r.host}: ${what[r.action]}, ${sealed[r.host]?.length ?? 0} bytes`,
            ...r.recipients.map((k) => `      to ${k}`),
        ]),
        ...(plan.sealingRemoved?.length ? [`  no longer sealed (host removed): ${plan.sealingRemoved.join(", ")}`] : []),
    ];
}

/** One block per bucket (provider, bucket, remote), its credentials under it: no row repeats the bucket. */
function renderMatrix(permissions: readonly PermissionEntry[]): string[] {
    const remotes = [...new Set(permissions.map((p) => p.remote))];
    const groups = remotes.map((remote) => permissions.filter((p) => p.remote === remote));
    const rows = alignRows([
        ["credential", "role", "prefix", ...CAPABILITIES, "hosts"],
        ...groups.flat().map((p) => [
            `  ${p.credential}`, p.role, p.prefix === "" ? "(whole bucket)" : p.prefix,
            ...CAPABILITIES.map((c) => STATUS_CELL[p.effective[c]]), p.hosts.join(", "),
        ]),
    ]);
    const lines = rows.shift()!;
    for (const group of groups) {
        const { provider, bucket, remote } = group[0]!;
        lines.push(`${provider} ${bucket} (remote ${remote})`, ...rows.splice(0, group.length).flat());
    }
    return lines;
}

function renderDeviations(permissions: readonly PermissionEntry[]): string[] {
    const lines = permissions.flatMap((p) => p.deviations.flatMap((d) => [
        ...wrapText(`${p.credential}: ${d.description}`, "  - ", "    "),
        ...wrapText(`control: ${d.control}`, "      ", "        "),
    ]));
    return lines.length > 0 ? lines : ["  none"];
}
