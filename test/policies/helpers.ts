/**
 * Test helpers in the style of pulumi/pulumi-policy-aws: build resources as
 * the policy engine hands them to a stack policy (the engine's AnalyzeStack):
 * props are the resource's OUTPUTS (a component's are only what it passed to
 * registerOutputs), behind the engine's unknown-checking proxy; URNs carry
 * the parent type chain as the engine builds them; parents and property
 * dependencies linked by URN. Then run one policy of the pack on them.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { engineUrn } from "../../cli/plan/engine-urn";
import { POLICIES } from "../../policies/pack";

export const PROJECT = "backup-remotes";

export interface FakeResource {
    readonly type: string;
    readonly name: string;
    /** The engine's view: a custom resource's outputs (inputs plus computed values), a component's registered outputs. */
    readonly props: Record<string, unknown>;
    /** Stack (environment) the resource belongs to; default prod. */
    readonly stack?: string;
    readonly protect?: boolean;
    readonly additionalSecretOutputs?: readonly string[];
    /** Logical name of the parent (same stack). */
    readonly parent?: { type: string; name: string };
    /** Property → logical names (type::name) of the resources it depends on. */
    readonly propertyDependencies?: Record<string, readonly { type: string; name: string }[]>;
}

/** The URN of a resource without a parent (or whose parent is the stack). */
export function urnOf(stack: string, type: string, name: string): string {
    return engineUrn(stack, PROJECT, undefined, type, name);
}

/** Each fake's URN as the engine builds it, through its parents' chain. */
function urnsOf(fakes: readonly FakeResource[]): string[] {
    const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;
    const byKey = new Map(fakes.map((f) => [key(f), f]));
    const memo = new Map<FakeResource, string>();
    const urn = (f: FakeResource, depth = 0): string => {
        const known = memo.get(f);
        if (known !== undefined) return known;
        if (depth > fakes.length) throw new Error(`parent cycle at ${key(f)}`);
        const parent = f.parent ? byKey.get(key(f.parent)) : undefined;
        if (f.parent && !parent) throw new Error(`${key(f)}: parent ${key(f.parent)} is not in the stack`);
        const made = engineUrn(f.stack ?? "prod", PROJECT, parent && urn(parent, depth + 1), f.type, f.name);
        memo.set(f, made);
        return made;
    };
    return fakes.map((f) => urn(f));
}

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};
const isTypeOf = (type: string) => (cls: { __pulumiType?: string }) => cls.__pulumiType === type;

/** Resources as a StackValidationPolicy receives them. */
export function policyResources(fakes: readonly FakeResource[]): PolicyResource[] {
    const byKey = new Map<string, PolicyResource>();
    const urns = urnsOf(fakes);
    const urnByKey = new Map(fakes.map((f, i) => [`${f.type}::${f.name}`, urns[i]!]));
    const out = fakes.map((f, i) => {
        const props = unknownCheckingProxy(f.props) as Record<string, unknown>;
        const r: PolicyResource = {
            type: f.type,
            name: f.name,
            urn: urns[i]!,
            props,
            opts: {
                protect: f.protect ?? false,
                ignoreChanges: [],
                aliases: [],
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                additionalSecretOutputs: [...(f.additionalSecretOutputs ?? [])],
                ...(f.parent ? { parent: urnByKey.get(`${f.parent.type}::${f.parent.name}`)! } : {}),
            },
            dependencies: [],
            propertyDependencies: {},
            isType: isTypeOf(f.type) as PolicyResource["isType"],
            asType: ((cls: { __pulumiType?: string }) => (isTypeOf(f.type)(cls) ? props : undefined)) as PolicyResource["asType"],
        };
        byKey.set(`${f.type}::${f.name}`, r);
        return r;
    });
    fakes.forEach((f, i) => {
        const r = out[i]!;
        if (f.parent) r.parent = byKey.get(`${f.parent.type}::${f.parent.name}`);
        for (const [prop, deps] of Object.entries(f.propertyDependencies ?? {})) {
            r.propertyDependencies[prop] = deps.map((d) => byKey.get(`${d.type}::${d.name}`)).filter((x): x is PolicyResource => !!x);
            r.dependencies.push(...r.propertyDependencies[prop]!);
        }
    });
    return out;
}

export function policyNamed(name: string): ResourceValidationPolicy | StackValidationPolicy {
    const p = POLICIES.find((x) => x.name === name);
    if (!p) throw new Error(`no policy named ${name}`);
    return p;
}

export interface PolicyRun {
    readonly notApplicable: boolean;
    readonly violations: readonly { message: string; urn?: string }[];
}

/** Run a stack policy on a set of resources, like the engine's AnalyzeStack call. */
export async function runStackPolicy(name: string, fakes: readonly FakeResource[], config: Record<string, unknown> = {}): Promise<PolicyRun> {
    const policy = policyNamed(name);
    if (!("validateStack" in policy)) throw new Error(`${name} is not a stack policy`);
    return runStackPolicyOn(policy, policyResources(fakes), config);
}

export async function runStackPolicyOn(policy: StackValidationPolicy, resources: PolicyResource[], config: Record<string, unknown> = {}): Promise<PolicyRun> {
    const violations: { message: string; urn?: string }[] = [];
    const args: StackValidationArgs = { resources, stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable };
    try {
        await policy.validateStack(args, (message, urn) => violations.push({ message, ...(urn ? { urn } : {}) }));
    } catch (e) {
        if (e instanceof NotApplicable) return { notApplicable: true, violations };
        throw e;
    }
    return { notApplicable: false, violations };
}

/** Run every policy of the pack over a stack, as the engine's AnalyzeStack call does. */
export async function runPack(
    resources: PolicyResource[],
    config: Record<string, Record<string, unknown>> = {},
): Promise<{ policy: string; message: string }[]> {
    const out: { policy: string; message: string }[] = [];
    for (const policy of POLICIES) {
        if (!("validateStack" in policy)) throw new Error(`${policy.name}: every policy of the pack is a stack policy`);
        const run = await runStackPolicyOn(policy, resources, config[policy.name] ?? {});
        out.push(...run.violations.map((v) => ({ policy: policy.name, message: v.message })));
    }
    return out;
}
