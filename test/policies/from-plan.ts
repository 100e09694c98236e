/**
 * The resources the real program registers under mocks (cli/plan), handed to
 * the pack as the engine's AnalyzeStack hands them: each resource's OUTPUTS
 * as props (a custom resource's state from its provider; a component's only
 * what it registered), secrets unwrapped (the engine deserialises with
 * keepSecrets = false), unknowns of a preview plan as the engine's sentinel
 * (the pack's proxy throws on them), parents, property dependencies and
 * protect from the registration, the root stack resource with the stack
 * outputs as its props, and every top-level resource parented to it.
 */
import type { PolicyResource } from "@pulumi/policy";
import { ROOT_STACK_TYPE } from "../../cli/plan/engine-urn";
import { unwrapSecrets } from "../../cli/plan/sealing-state";
import type { PlanResult } from "../../cli/plan/run";
import type { FakeResource } from "./helpers";
import { PROJECT, policyResources } from "./helpers";

/** The plan's resources as fakes (mutable by tests), plus the stack resource with the outputs. */
export function fakesFromPlan(plan: PlanResult): FakeResource[] {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const stack = { type: ROOT_STACK_TYPE, name: `${PROJECT}-${plan.stack}` };
    const ref = (urn: string) => {
        const r = byUrn.get(urn);
        return r && { type: r.type, name: r.name };
    };
    const fakes: FakeResource[] = plan.resources.map((r) => ({
        type: r.type,
        name: r.name,
        stack: plan.stack,
        protect: r.protect,
        additionalSecretOutputs: r.additionalSecretOutputs,
        props: unwrapSecrets(r.outputs) as Record<string, unknown>,
        parent: (r.parent ? ref(r.parent) : undefined) ?? stack,
        propertyDependencies: Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, urns]) => [k, urns.map(ref).filter((d): d is NonNullable<typeof d> => d !== undefined)]),
        ),
    }));
    const outputs = Object.fromEntries(Object.entries(plan.outputs).map(([k, v]) => [k, v.value]));
    fakes.push({ ...stack, stack: plan.stack, props: outputs });
    return fakes;
}

export function resourcesFromPlan(plan: PlanResult): PolicyResource[] {
    return policyResources(fakesFromPlan(plan));
}
