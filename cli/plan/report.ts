/** Human-readable rendering of a redacted plan. */
import Table from "cli-table3";
import type { PermissionEntry } from "../../components/outputs";
import { CAPABILITIES } from "../../components/permissions/roles";
import { renderIni } from "../../components/rclone/render";
import type { RedactedPlan } from "./redact";

const plain = { style: { head: [], border: [], compact: true } };

export function renderPlanText(plan: RedactedPlan): string {
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
        "rclone sections (secrets shown as [secret]):",
        renderIni(plan.sections),
        ...sealingText(plan),
    ].join("\n");
}

function sealingText(plan: RedactedPlan): string[] {
    if (plan.sealing === undefined) return [];
    const table = new Table({ head: ["host", "sealed file", "sealed to"], ...plain });
    const sealed = (plan.outputs.sealedHosts ?? {}) as Record<string, string>;
    for (const r of plan.sealing) {
        const what = { sealed: "sealed (new)", unchanged: "unchanged", resealed: "sealed again (file or keys changed)" }[r.action];
        table.push([r.host, `${what}, ${sealed[r.host]?.length ?? 0} bytes`, r.recipients.join("\n")]);
    }
    return [
        "Sealed host files (output sealedHosts, public: each opens only with its recipients' keys):",
        table.toString(),
        ...(plan.sealingRemoved?.length ? [`No longer sealed (host removed): ${plan.sealingRemoved.join(", ")}`] : []),
    ];
}
