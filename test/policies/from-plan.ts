/**
 * The resources the real program registers under mocks (cli/plan), handed to
 * the pack as the engine's stack analysis after `pulumi up` would: inputs plus
 * the outputs the mocks computed (e.g. a B2 bucket's bucketId, which its keys
 * point at) as props, secrets unwrapped (the engine deserialises with
 * keepSecrets = false), parents and protect from the registration, and the
 * stack outputs as the props of the root stack resource.
 */
import type { PolicyResource } from "@pulumi/policy";
import { computedOutputs } from "../../cli/plan/mocks";
import { unwrapSecrets } from "../../cli/plan/sealing-state";
import type { PlanResult } from "../../cli/plan/run";
import { STACK_TYPE } from "../../policies/resources";
import type { FakeResource } from "./helpers";
import { PROJECT, policyResources } from "./helpers";


/** The plan's resources as fakes (mutable by tests), plus the stack resource with the outputs. */
export function fakesFromPlan(plan: PlanResult): FakeResource[] {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const fakes: FakeResource[] = plan.resources.filter((r) => r.type !== STACK_TYPE).map((r) => {
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        // Property dependencies, when the plan records them (the engine sends them to the pack);
        // without them the pack links resources by value (a bucket's name, a user's name).
        const deps = (r as { propertyDependencies?: Record<string, readonly string[]> }).propertyDependencies;
        const propertyDependencies = deps && Object.fromEntries(Object.entries(deps).map(([k, urns]) => [k,
            urns.map((u) => byUrn.get(u)).filter((d): d is NonNullable<typeof d> => !!d).map((d) => ({ type: d.type, name: d.name }))]));
        return {
            ...(propertyDependencies ? { propertyDependencies } : {}),
            type: r.type, name: r.name, stack: plan.stack, protect: r.protect,
            additionalSecretOutputs: r.additionalSecretOutputs,
            props: unwrapSecrets({ ...r.inputs, ...(computedOutputs()[r.type]?.(r.name, r.inputs).outputs ?? {}) }) as Record<string, unknown>,
            ...(parent && parent.type !== STACK_TYPE ? { parent: { type: parent.type, name: parent.name } } : {}),
        };
    });
    const outputs = Object.fromEntries(Object.entries(plan.outputs).map(([k, v]) => [k, v.value]));
    fakes.push({ type: STACK_TYPE, name: `${PROJECT}-${plan.stack}`, stack: plan.stack, props: outputs });
    return fakes;
}

export function resourcesFromPlan(plan: PlanResult): PolicyResource[] {
    return policyResources(fakesFromPlan(plan));
}
