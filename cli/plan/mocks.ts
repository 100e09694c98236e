/**
 * What the cloud would answer, for the offline plan: each registered
 * provider profile's deterministic fakes (so plans are stable). The outputs
 * a real provider marks secret are secret here too, as the engine would make
 * them. Sealed host files are the exception: the real sealing provider runs,
 * against the plan's own state (sealing-state.ts).
 *
 * In a preview (`preview: true`) they answer as the engine does for a first
 * `pulumi preview`: no ids, every computed output unknown (the bridged
 * providers' preview), and a dynamic provider (which has no preview) not
 * called at all: its outputs are its inputs, so nothing is sealed.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockOutputRule } from "../../components/providers/profile";
import type { ProviderProfile } from "../../components/providers/profile";
import { PROGRAM_PROVIDERS } from "../../components/providers/program-registry";
import type { ProviderRegistry } from "../../components/providers/registry";
import type { SealInputs } from "../../components/sealing/provider";
import { SEALED_HOST_FILE_TYPE } from "../../components/sealing/sealed-host-file";
import { type SealingRun, unwrapSecrets } from "./sealing-state";
import { ENGINE_UNKNOWN } from "./unknowns";

export { fakeHex, MOCK_SECRET_PREFIX } from "../../components/providers/mock-values";

type Outputs = Record<string, unknown>;

/** Computed outputs per resource type, from every profile. */
export function computedOutputs(registry: ProviderRegistry<ProviderProfile> = PROGRAM_PROVIDERS): Record<string, MockOutputRule> {
    return Object.assign({}, ...registry.profiles.map((p) => p.mocks.computedOutputs)) as Record<string, MockOutputRule>;
}

/** Answers of provider functions, from every profile. */
export function defaultCallResults(registry: ProviderRegistry<ProviderProfile> = PROGRAM_PROVIDERS): Record<string, Outputs> {
    return Object.assign({}, ...registry.profiles.map((p) => p.mocks.callResults)) as Record<string, Outputs>;
}

export interface PlanMocksOptions {
    /** Override answers of provider functions (e.g. a root caller identity in tests). */
    readonly callResults?: Record<string, Outputs>;
    /** Output names the program asked to keep secret, per `${type}::${name}`. */
    readonly secretOutputs: Map<string, string[]>;
    /** Filled with each resource's inputs (secrets still wrapped), per `${type}::${name}`. */
    readonly inputs: Map<string, Record<string, unknown>>;
    readonly registry?: ProviderRegistry<ProviderProfile>;
    /** Sealed host files: the real provider runs against this state (see sealing-state.ts). */
    readonly sealing: SealingRun;
    /** Answer as in a first preview: inputs only, computed outputs unknown, no provider code run. */
    readonly preview?: boolean;
}

export function planMocks(options: PlanMocksOptions): pulumi.runtime.Mocks {
    const calls = { ...defaultCallResults(options.registry), ...options.callResults };
    const rules = computedOutputs(options.registry);
    const secretsOf = (args: pulumi.runtime.MockResourceArgs) => options.secretOutputs.get(`${args.type}::${args.name}`) ?? [];
    /** A resource's id and outputs, before the outputs the program keeps secret are marked. */
    const resourceState = async (args: pulumi.runtime.MockResourceArgs): Promise<{ id: string | undefined; state: Outputs }> => {
        if (options.preview) return previewState(args);
        if (args.type === SEALED_HOST_FILE_TYPE) {
            // Real encryption by the real provider; the state holds what the provider returned, as the engine's does.
            const outs = await options.sealing.register(args.name, unwrapSecrets(args.inputs) as SealInputs);
            // The dynamic-provider host returns the serialized provider beside the outputs (it is in the state too).
            return { id: `sealed-${outs.host}`, state: { ...outs, __provider: args.inputs.__provider } };
        }
        const rule = rules[args.type];
        const computed = rule ? rule(args.name, args.inputs as Outputs) : { outputs: {} };
        return { id: args.custom === false ? undefined : (computed.id ?? `${args.name}-id`), state: { ...args.inputs, ...computed.outputs } };
    };
    /** A create in preview: the engine gives no id; a bridged provider plans each computed output as unknown. */
    const previewState = (args: pulumi.runtime.MockResourceArgs): { id: undefined; state: Outputs } => {
        const rule = rules[args.type];
        if (args.type === SEALED_HOST_FILE_TYPE || !rule) return { id: undefined, state: { ...args.inputs } };
        const computed = Object.keys(rule(args.name, args.inputs as Outputs).outputs).filter((k) => !(k in args.inputs));
        return { id: undefined, state: { ...args.inputs, ...Object.fromEntries(computed.map((k) => [k, ENGINE_UNKNOWN])) } };
    };
    return {
        async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string | undefined; state: Outputs }> {
            options.inputs.set(`${args.type}::${args.name}`, args.inputs as Outputs);
            const { id, state } = await resourceState(args);
            for (const key of secretsOf(args)) {
                if (key in state) state[key] = pulumi.secret(state[key]);
            }
            return { id, state };
        },
        call(args: pulumi.runtime.MockCallArgs): Outputs {
            const result = calls[args.token];
            if (result === undefined) throw new Error(`offline plan: no mock answer for provider function ${args.token}`);
            return result;
        },
    };
}
