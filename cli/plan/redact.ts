/** Replace every secret in a plan by "[secret]" before anything is printed. */
import * as pulumi from "@pulumi/pulumi";
import type { PlanResult, Resolved } from "./run";

export const SECRET_MARK = "[secret]";

/** Deep copy of an engine-side value with each secret-wrapped value replaced. */
export function redactWrapped(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redactWrapped);
    if (typeof value === "object" && value !== null) {
        const obj = value as Record<string, unknown>;
        if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return SECRET_MARK;
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, redactWrapped(v)]));
    }
    return value;
}

export function redactResolved(r: Resolved): unknown {
    return r.secret ? SECRET_MARK : r.value;
}

export interface RedactedPlan {
    readonly stack: string;
    readonly resources: readonly {
        type: string; name: string; parent: string | null; urn: string;
        protect: boolean; retainOnDelete: boolean; inputs: unknown;
    }[];
    readonly outputs: Record<string, unknown>;
    readonly sections: readonly { name: string; options: Record<string, string> }[];
}

export function redactPlan(plan: PlanResult): RedactedPlan {
    return {
        stack: plan.stack,
        resources: plan.resources.map((r) => ({
            type: r.type, name: r.name, parent: r.parent, urn: r.urn,
            protect: r.protect, retainOnDelete: r.retainOnDelete, inputs: redactWrapped(r.inputs),
        })),
        outputs: Object.fromEntries(Object.entries(plan.outputs).map(([k, v]) => [k, redactResolved(v)])),
        sections: plan.sections.map((s) => ({
            name: s.name,
            options: Object.fromEntries(Object.entries(s.options).map(([k, v]) => [k, v.secret ? SECRET_MARK : v.value])),
        })),
    };
}
