/**
 * What the cloud would answer, for the offline plan: each registered
 * provider profile's deterministic fakes (so plans are stable). The outputs
 * a real provider marks secret are secret here too, as the engine would make
 * them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockOutputRule } from "../../components/providers/profile";
import { PROVIDERS, type ProviderRegistry } from "../../components/providers/registry";

export { fakeHex, MOCK_SECRET_PREFIX } from "../../components/providers/mock-values";

type Outputs = Record<string, unknown>;

/** Computed outputs per resource type, from every profile. */
export function computedOutputs(registry: ProviderRegistry = PROVIDERS): Record<string, MockOutputRule> {
    return Object.assign({}, ...registry.profiles.map((p) => p.mocks.computedOutputs)) as Record<string, MockOutputRule>;
}

/** Answers of provider functions, from every profile. */
export function defaultCallResults(registry: ProviderRegistry = PROVIDERS): Record<string, Outputs> {
    return Object.assign({}, ...registry.profiles.map((p) => p.mocks.callResults)) as Record<string, Outputs>;
}

export interface PlanMocksOptions {
    /** Override answers of provider functions (e.g. a root caller identity in tests). */
    readonly callResults?: Record<string, Outputs>;
    /** Output names the program asked to keep secret, per `${type}::${name}`. */
    readonly secretOutputs: Map<string, string[]>;
    /** Filled with each resource's inputs (secrets still wrapped), per `${type}::${name}`. */
    readonly inputs: Map<string, Record<string, unknown>>;
    readonly registry?: ProviderRegistry;
}

export function planMocks(options: PlanMocksOptions): pulumi.runtime.Mocks {
    const calls = { ...defaultCallResults(options.registry), ...options.callResults };
    const rules = computedOutputs(options.registry);
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Outputs } {
            options.inputs.set(`${args.type}::${args.name}`, args.inputs as Outputs);
            const rule = rules[args.type];
            const computed = rule ? rule(args.name, args.inputs as Outputs) : { outputs: {} };
            const state: Outputs = { ...args.inputs, ...computed.outputs };
            for (const key of options.secretOutputs.get(`${args.type}::${args.name}`) ?? []) {
                if (key in state) state[key] = pulumi.secret(state[key]);
            }
            return { id: args.custom === false ? undefined : computed.id ?? `${args.name}-id`, state };
        },
        call(args: pulumi.runtime.MockCallArgs): Outputs {
            const result = calls[args.token];
            if (result === undefined) throw new Error(`offline plan: no mock answer for provider function ${args.token}`);
            return result;
        },
    };
}
