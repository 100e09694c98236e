/**
 * Run the real program for one stack under Pulumi's mock runtime and collect
 * what `pulumi up` would register, as the engine records it: URNs with the
 * whole parent type chain (engine-urn.ts), each resource's inputs and its
 * outputs (a custom resource's: what its provider returned; a component's:
 * exactly what it passed to `registerOutputs`, which is all a stack policy
 * sees of it), and its property dependencies. No cloud account and no
 * Pulumi CLI needed. With `preview: true` it runs as a first `pulumi preview`
 * does: no ids, computed outputs unknown (unknowns.ts), nothing sealed.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Clock } from "../../components/config/key-dates";
import type { IssuedSection } from "../../components/environment";
import { deployEnvironment } from "../../components/program";
import type { ProviderProfile } from "../../components/providers/profile";
import type { ProviderRegistry } from "../../components/providers/registry";
import type { IdentityUsage } from "../../components/rotation/quota";
import { planMocks } from "./mocks";
import { withOfflineDeployerCredentials } from "./offline-credentials";
import { type SealRecord, SealingRun, type SealingState } from "./sealing-state";
import { readStackConfig, type StackConfig } from "./stack-config";
import { engineUrn } from "./engine-urn";
import { isWireUnknown, wireUnknowns, ENGINE_UNKNOWN } from "./unknowns";

export const PROJECT = "backup-remotes";

export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent resource, if any. */
    readonly parent: string | null;
    readonly custom: boolean;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly additionalSecretOutputs: readonly string[];
    /** Properties the engine must not update in place (not printed; tests read it). */
    readonly ignoreChanges: readonly string[];
    /** Inputs as the engine receives them; secrets stay wrapped (see redact.ts), unknowns are ENGINE_UNKNOWN. */
    readonly inputs: Record<string, unknown>;
    /**
     * Outputs as the engine records them (and a stack policy reads them): a custom resource's state from its
     * provider (inputs plus computed values), a component's registered outputs only. Secrets stay wrapped.
     */
    readonly outputs: Record<string, unknown>;
    /** Property → URNs of the resources its value came from (the engine sends these to the pack; not printed). */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** A value with its secretness, as resolved from a Pulumi output; in a preview, `value` may be ENGINE_UNKNOWN. */
export interface Resolved<T = unknown> {
    readonly value: T;
    readonly secret: boolean;
}

export interface PlanOutputs {
    readonly rcloneConfig: Resolved<string>;
    readonly hosts: Resolved;
    readonly remotes: Resolved;
    readonly permissions: Resolved;
    /** Only when the config sets hostKeys. */
    readonly sealedHosts?: Resolved;
    /** Only while a rotation overlaps. */
    readonly retiringConfig?: Resolved<string>;
}

export interface PlannedSection {
    readonly name: string;
    readonly options: Record<string, Resolved<string>>;
}

export interface PlanResult {
    readonly stack: string;
    readonly resources: readonly PlannedResource[];
    readonly outputs: PlanOutputs;
    /** Every section of rcloneConfig with each option's secretness, for display. */
    readonly sections: readonly PlannedSection[];
    /** What happened to each sealed host file against the sealing state; empty when sealing is off. */
    readonly sealing: readonly SealRecord[];
    /** Sealed files of the previous state the config no longer has (the engine would delete them). */
    readonly sealingRemoved: readonly string[];
    /** The sealing state after this plan, for the next one. */
    readonly sealingState: SealingState;
    /** Identities per provider account against its quota. */
    readonly identityUsage: readonly IdentityUsage[];
}

export interface PlanOptions {
    readonly projectDir?: string;
    /** Config to use instead of the stack's file (tests, benchmarks). */
    readonly config?: StackConfig;
    readonly callResults?: Record<string, Record<string, unknown>>;
    /** Provider profiles to plan with (default: the registered ones). */
    readonly registry?: ProviderRegistry<ProviderProfile>;
    /** The previous state of sealed host files (default: none, so every file is sealed afresh). */
    readonly sealingState?: SealingState;
    /** Run as a first `pulumi preview` (isDryRun): unknown ids and computed outputs, no provider code, nothing sealed. */
    readonly preview?: boolean;
    /** What "now" is for the config's key dates (expired keys, issue dates in the future); default the real time. */
    readonly now?: Clock;
}

type Struct = Parameters<typeof pulumi.runtime.deserializeProperties>[0];
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getAdditionalsecretoutputsList(): string[];
    getIgnorechangesList(): string[];
    getPropertydependenciesMap(): { forEach(f: (deps: { getUrnsList(): string[] }, key: string) => void): void };
}
interface RegisterResponse {
    getUrn(): string;
    getObject(): Struct | undefined;
}
interface OutputsRequest {
    getUrn(): string;
    getOutputs(): Struct | undefined;
}
/** The parts of @pulumi/pulumi's MockMonitor the plan wraps (internal: absent from its .d.ts). */
interface MonitorLike {
    registerResource(req: RegisterRequest, cb: (err: unknown, resp?: RegisterResponse) => void): void;
    registerResourceOutputs(req: OutputsRequest, cb: (err: unknown, resp?: unknown) => void): void;
    newUrn(parent: string, type: string, name: string): string;
}

// Internal to @pulumi/pulumi (absent from its .d.ts): resolves when every queued RPC has finished.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** The program failed; `registered` lists what it had registered by then. */
export class PlanFailure extends Error {
    constructor(
        override readonly cause: unknown,
        readonly registered: readonly PlannedResource[],
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
    }
}

let running = false;

export async function runPlan(stack: string, options: PlanOptions = {}): Promise<PlanResult> {
    // The Pulumi runtime is process-global: one plan at a time.
    if (running) throw new Error("runPlan: another plan is running in this process");
    running = true;
    try {
        return await runPlanExclusive(stack, options);
    } finally {
        running = false;
    }
}

async function runPlanExclusive(stack: string, options: PlanOptions): Promise<PlanResult> {
    const config = withOfflineDeployerCredentials(options.config ?? readStackConfig(options.projectDir ?? process.cwd(), stack), options.registry);
    const secretOutputs = new Map<string, string[]>();
    const inputs = new Map<string, Record<string, unknown>>();
    const preview = options.preview === true;

    const sealing = new SealingRun(stack, options.sealingState);
    const mocks = planMocks({ callResults: options.callResults, secretOutputs, inputs, sealing, registry: options.registry, preview });
    await pulumi.runtime.setMocks(mocks, PROJECT, stack, preview);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    const recorder = recordRegistrations(pulumi.runtime.getMonitor() as unknown as MonitorLike, stack, secretOutputs, inputs);

    let environment;
    try {
        environment = await deployEnvironment(options.registry, options.now);
    } catch (e) {
        await waitForRPCs();
        throw new PlanFailure(e, recorder.resources());
    }
    const out = environment.outputs;
    const outputs: PlanOutputs = {
        rcloneConfig: await resolve(out.rcloneConfig),
        hosts: await resolve(out.hosts),
        remotes: { value: out.remotes, secret: false },
        permissions: { value: out.permissions, secret: false },
        ...(out.sealedHosts !== undefined ? { sealedHosts: await resolve(out.sealedHosts) } : {}),
        ...(out.retiringConfig ? { retiringConfig: await resolve(out.retiringConfig) } : {}),
    };
    const sections = await resolveSections(environment.sections);
    await waitForRPCs();
    // Registration order depends on promise timing; sort so plans diff cleanly.
    const resources = recorder.resources().sort((a, b) => a.urn.localeCompare(b.urn));
    return {
        stack,
        resources,
        outputs,
        sections,
        identityUsage: environment.identityUsage,
        sealing: [...sealing.records].sort((a, b) => a.host.localeCompare(b.host)),
        sealingRemoved: preview ? [] : sealing.removed(),
        // A preview changes no state.
        sealingState: preview ? (options.sealingState ?? { stack, files: {} }) : sealing.state(),
    };
}

/**
 * Wrap the mock monitor so it behaves as the engine does where the plan reads it: URNs with the whole parent
 * type chain, and each component's registered outputs kept as its outputs. The mock interface sees only type,
 * name and inputs; parent, protect, retainOnDelete and property dependencies travel on the request.
 */
function recordRegistrations(monitor: MonitorLike, stack: string, secretOutputs: Map<string, string[]>, inputs: Map<string, Record<string, unknown>>) {
    const registered: Omit<PlannedResource, "outputs">[] = [];
    const customOutputs = new Map<string, Record<string, unknown>>();
    const componentOutputs = new Map<string, Record<string, unknown>>();
    const wire = (struct: Struct | undefined) => (struct ? (wireUnknowns(pulumi.runtime.deserializeProperties(struct)) as Record<string, unknown>) : {});

    monitor.newUrn = (parent, type, name) => engineUrn(stack, PROJECT, parent || undefined, type, name);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const key = `${req.getType()}::${req.getName()}`;
        secretOutputs.set(key, req.getAdditionalsecretoutputsList());
        register(req, (err, resp) => {
            if (!err && resp) {
                const urn = resp.getUrn();
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps, prop) => {
                    propertyDependencies[prop] = deps.getUrnsList();
                });
                if (req.getCustom()) customOutputs.set(urn, wire(resp.getObject()));
                registered.push({
                    urn,
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent() || null,
                    custom: req.getCustom(),
                    protect: req.getProtect(),
                    retainOnDelete: req.getRetainondelete(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    ignoreChanges: req.getIgnorechangesList(),
                    inputs: wireUnknowns(inputs.get(key) ?? {}) as Record<string, unknown>,
                    propertyDependencies,
                });
            }
            cb(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        componentOutputs.set(req.getUrn(), wire(req.getOutputs()));
        registerOutputs(req, cb);
    };
    return {
        /** What is registered so far, each with the outputs the engine would hold for it now. */
        resources: (): PlannedResource[] =>
            registered.map((r) => ({
                ...r,
                outputs: (r.custom ? customOutputs.get(r.urn) : componentOutputs.get(r.urn)) ?? {},
            })),
    };
}

/** An output's value and secretness; ENGINE_UNKNOWN while it is not known (a preview), whose apply would never run. */
async function resolve(output: pulumi.Output<string>): Promise<Resolved<string>>;
async function resolve(output: pulumi.Output<unknown>): Promise<Resolved>;
async function resolve(output: pulumi.Output<unknown>): Promise<Resolved> {
    const secret = await pulumi.isSecret(output);
    const { value: onWire } = await pulumi.runtime.serializeProperties("plan output", { value: output });
    if (isWireUnknown(onWire)) return { value: ENGINE_UNKNOWN, secret };
    const value = await new Promise<unknown>((res) =>
        pulumi.unsecret(output).apply((v) => {
            res(v);
            return v;
        }),
    );
    return { value, secret };
}

function resolveSections(sections: readonly IssuedSection[]): Promise<PlannedSection[]> {
    return Promise.all(
        sections.map(async (s) => {
            const options: Record<string, Resolved<string>> = {};
            for (const [k, v] of Object.entries(s.options)) options[k] = await resolve(pulumi.output(v));
            return { name: s.name, options };
        }),
    );
}
