/**
 * The resources `pulumi up` would register as a tree, the way Pulumi's own
 * preview shows them: each component with its children indented under it.
 */
import type { RedactedPlan } from "./redact";
import { TEXT_WIDTH, alignColumns, displayWidth, fitsAligned, wrapText } from "./text-layout";

type Resource = RedactedPlan["resources"][number];

/** `aws:s3/bucket:Bucket` → `aws:s3:Bucket`, as Pulumi displays type tokens. */
export function displayType(type: string): string {
    const [pkg, module, name] = type.split(":");
    if (pkg === undefined || module === undefined || name === undefined) return type;
    return `${pkg}:${module.split("/")[0]}:${name}`;
}

interface TreeRow {
    /** Tree lines before the name, e.g. `│  ├─ `. */
    readonly branch: string;
    /** What continues the tree on a line below this row (for a wrapped type). */
    readonly below: string;
    readonly resource: Resource;
}

/** Depth-first, children in the plan's order (by URN: type, then name). */
function treeRows(resources: readonly Resource[]): TreeRow[] {
    const urns = new Set(resources.map((r) => r.urn));
    const children = new Map<string | null, Resource[]>();
    for (const r of resources) {
        const parent = r.parent !== null && urns.has(r.parent) ? r.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const rows: TreeRow[] = [];
    const visit = (r: Resource, lead: string, branch: string, below: string): void => {
        rows.push({ branch: lead + branch, below: lead + below, resource: r });
        const kids = children.get(r.urn) ?? [];
        const next = lead + (branch === "" ? "" : below);
        kids.forEach((k, i) => visit(k, next, i === kids.length - 1 ? "└─ " : "├─ ", i === kids.length - 1 ? "   " : "│  "));
    };
    for (const root of children.get(null) ?? []) visit(root, "", "", "");
    return rows;
}

/**
 * name · type · protected, aligned. When that is wider than `width` (long
 * names, a narrow terminal), each type (and the protection) goes on the line
 * under its name; a name too long even for a line of its own continues on the
 * next, the tree's lines drawn beside it.
 */
export function renderResourceTree(resources: readonly Resource[], width = TEXT_WIDTH): string[] {
    const rows = treeRows(resources);
    const protect = (r: Resource): string => (r.protect ? "yes" : "");
    const table = [["name", "type", "protected"], ...rows.map((r) => [r.branch + r.resource.name, displayType(r.resource.type), protect(r.resource)])];
    const aligned = fitsAligned(table, width) ? alignColumns(table, width) : [];
    if (aligned.length > 0 && aligned.every((l) => displayWidth(l) <= width)) return aligned;
    const hasChildren = new Set(resources.map((r) => r.parent));
    return [
        "name (its type under it)",
        ...rows.flatMap((r) => {
            const under = `${r.below}${hasChildren.has(r.resource.urn) ? "│  " : "   "}`;
            const type = displayType(r.resource.type);
            const typeLine = `${under}${type}${r.resource.protect ? "  (protected)" : ""}`;
            return [
                ...wrapText(r.resource.name, r.branch, under, width),
                ...(displayWidth(typeLine) <= width ? [typeLine] : wrapText(`${type}${r.resource.protect ? " (protected)" : ""}`, under, under, width)),
            ];
        }),
    ];
}
