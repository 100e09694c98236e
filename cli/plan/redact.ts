/** Replace every secret in a plan by "[secret]" before anything is printed. */
import type { PlanResult, Resolved } from "./run";
import { mapSecrets } from "./secrets";
import type { SealAction } from "./sealing-state";

export const SECRET_MARK = "[secret]";

/** Deep copy of an engine-side value with each secret-wrapped value replaced. */
export function redactWrapped(value: unknown): unknown {
    return mapSecrets(value, () => SECRET_MARK);
}

export function redactResolved(r: Resolved): unknown {
    return r.secret ? SECRET_MARK : r.value;
}

export interface RedactedPlan {
    readonly stack: string;
    readonly resources: readonly {
        type: string;
        name: string;
        parent: string | null;
        urn: string;
        protect: boolean;
        retainOnDelete: boolean;
        inputs: unknown;
        /** What the engine records as the resource's outputs (a component's: its registered outputs). */
        outputs: unknown;
    }[];
    readonly outputs: Record<string, unknown>;
    readonly sections: readonly { name: string; options: Record<string, string> }[];
    /** Per sealed host file: sealed afresh, unchanged, or sealed again (plaintext or keys changed); absent when sealing is off. */
    readonly sealing?: { readonly host: string; readonly action: SealAction; readonly recipients: readonly string[] }[];
    readonly sealingRemoved?: readonly string[];
}

/** A dynamic resource's serialized provider code: kilobytes of JavaScript, not a setting; shown by size only. */
function withoutProviderCode(props: unknown): unknown {
    if (typeof props !== "object" || props === null || !("__provider" in props)) return props;
    const { __provider: code, ...rest } = props as Record<string, unknown>;
    return { ...rest, __provider: `[serialized dynamic provider, ${typeof code === "string" ? code.length : 0} characters]` };
}

export function redactPlan(plan: PlanResult): RedactedPlan {
    return {
        stack: plan.stack,
        resources: plan.resources.map((r) => ({
            type: r.type,
            name: r.name,
            parent: r.parent,
            urn: r.urn,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            inputs: redactWrapped(withoutProviderCode(r.inputs)),
            outputs: redactWrapped(withoutProviderCode(r.outputs)),
        })),
        outputs: Object.fromEntries(Object.entries(plan.outputs).map(([k, v]) => [k, redactResolved(v)])),
        sections: plan.sections.map((s) => ({
            name: s.name,
            options: Object.fromEntries(Object.entries(s.options).map(([k, v]) => [k, v.secret ? SECRET_MARK : v.value])),
        })),
        ...(plan.outputs.sealedHosts === undefined
            ? {}
            : {
                  sealing: plan.sealing.map((r) => ({ host: r.host, action: r.action, recipients: r.recipients })),
                  sealingRemoved: plan.sealingRemoved,
              }),
    };
}
