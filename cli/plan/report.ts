/** Human-readable rendering of a redacted plan. */
import Table from "cli-table3";
import type { PermissionEntry } from "../../components/outputs";
import { CAPABILITIES } from "../../components/permissions/roles";
import { renderIni } from "../../components/rclone/render";
import type { IdentityUsage } from "../../components/rotation/quota";
import type { RedactedPlan } from "./redact";

const plain = { style: { head: [], border: [], compact: true } };

/** Identities per provider account against its quota, at their peak (every key rotating). */
export function renderIdentityUsage(usage: readonly IdentityUsage[]): string {
    const table = new Table({ head: ["provider", "account", "counts", "now", "peak (all rotating)", "quota", "use"], ...plain });
    for (const u of usage) {
        const share = `${Math.round((100 * u.peak) / u.quota)}%${u.level === "ok" ? "" : u.level === "warning" ? " WARNING" : " REFUSED"}`;
        const quota = u.quotaFrom.startsWith("backup-remotes:") ? `${u.quota} (config)` : `${u.quota} (default)`;
        table.push([u.provider, u.account, u.counts, u.now, u.peak, quota, share]);
    }
    return table.toString();
}

export function renderPlanText(plan: RedactedPlan, usage: readonly IdentityUsage[] = []): string {
    const names = new Map(plan.resources.map((r) => [r.urn, r.name]));
    const resources = new Table({ head: ["type", "name", "parent", "protected"], ...plain });
    for (const r of plan.resources) {
        resources.push([r.type, r.name, r.parent ? names.get(r.parent) ?? r.parent : "", r.protect ? "yes" : ""]);
    }
    const permissions = plan.outputs.permissions as PermissionEntry[];
    const matrix = new Table({ head: ["credential", "provider", "bucket/prefix", "role", ...CAPABILITIES, "hosts"], ...plain });
    for (const p of permissions) {
        matrix.push([p.credential, p.provider, `${p.bucket}/${p.prefix}`, p.role, ...CAPABILITIES.map((c) => p.effective[c]), p.hosts.join(", ")]);
    }
    const deviations = permissions.flatMap((p) => p.deviations.map((d) => `  - ${p.credential}: ${d.description}\n      control: ${d.control}`));
    return [
        `Offline plan for stack "${plan.stack}": ${plan.resources.filter((r) => r.type.includes(":") && !r.type.startsWith("backup-remotes:")).length} cloud resources`,
        "",
        "Resources `pulumi up` would register:",
        resources.toString(),
        "",
        "Permission matrix (effective):",
        matrix.toString(),
        "",
        "Deviations and their controls:",
        deviations.length ? deviations.join("\n") : "  none",
        "",
        ...(usage.length ? ["Identities per provider account (warns above 80 % of the quota, refuses above it):", renderIdentityUsage(usage), ""] : []),
        "rclone sections (secrets shown as [secret]):",
        renderIni(plan.sections),
    ].join("\n");
}
