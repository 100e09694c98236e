/**
 * Run the real program for one stack under Pulumi's mock runtime and collect
 * what `pulumi up` would register. No cloud account and no Pulumi CLI needed.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Clock } from "../../components/config/key-dates";
import type { IssuedSection } from "../../components/environment";
import { deployEnvironment } from "../../components/program";
import type { ProviderRegistry } from "../../components/providers/registry";
import type { IdentityUsage } from "../../components/rotation/quota";
import { planMocks } from "./mocks";
import { withOfflineDeployerCredentials } from "./offline-credentials";
import { type SealRecord, SealingRun, type SealingState } from "./sealing-state";
import { readStackConfig, type StackConfig } from "./stack-config";

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
    /** Inputs as the engine receives them; secrets stay wrapped (see redact.ts). */
    readonly inputs: Record<string, unknown>;
}

/** A value with its secretness, as resolved from a Pulumi output. */
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
    readonly registry?: ProviderRegistry;
    /** The previous state of sealed host files (default: none, so every file is sealed afresh). */
    readonly sealingState?: SealingState;
    /** What "now" is for the config's key dates (expired keys, issue dates in the future); default the real time. */
    readonly now?: Clock;
}

interface RegisterRequest {
    getType(): string; getName(): string; getParent(): string; getCustom(): boolean;
    getProtect(): boolean; getRetainondelete(): boolean; getAdditionalsecretoutputsList(): string[]; getIgnorechangesList(): string[];
}
interface MonitorLike { registerResource(req: RegisterRequest, cb: (err: unknown, resp?: { getUrn(): string }) => void): void }

// Internal to @pulumi/pulumi (absent from its .d.ts): resolves when every queued RPC has finished.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** The program failed; `registered` lists what it had registered by then. */
export class PlanFailure extends Error {
    constructor(override readonly cause: unknown, readonly registered: readonly PlannedResource[]) {
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
    const resources: PlannedResource[] = [];

    const sealing = new SealingRun(stack, options.sealingState);
    await pulumi.runtime.setMocks(planMocks({ callResults: options.callResults, secretOutputs, inputs, sealing, registry: options.registry }), PROJECT, stack, false);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);

    // The mock interface sees only type, name and inputs; parent, protect and
    // retainOnDelete travel on the request, so read them there.
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const key = `${req.getType()}::${req.getName()}`;
        secretOutputs.set(key, req.getAdditionalsecretoutputsList());
        register(req, (err, resp) => {
            if (!err && resp) {
                resources.push({
                    urn: resp.getUrn(), type: req.getType(), name: req.getName(), parent: req.getParent() || null,
                    custom: req.getCustom(), protect: req.getProtect(), retainOnDelete: req.getRetainondelete(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(), ignoreChanges: req.getIgnorechangesList(),
                    inputs: inputs.get(key) ?? {},
                });
            }
            cb(err, resp);
        });
    };

    let environment;
    try {
        environment = await deployEnvironment(options.registry, options.now);
    } catch (e) {
        await waitForRPCs();
        throw new PlanFailure(e, [...resources]);
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
    resources.sort((a, b) => a.urn.localeCompare(b.urn));
    return {
        stack, resources, outputs, sections, identityUsage: environment.identityUsage,
        sealing: [...sealing.records].sort((a, b) => a.host.localeCompare(b.host)), sealingRemoved: sealing.removed(), sealingState: sealing.state(),
    };
}

async function resolve<T>(output: pulumi.Output<T>): Promise<Resolved<T>> {
    const secret = await pulumi.isSecret(output);
    const value = await new Promise<T>((res) => pulumi.unsecret(output).apply((v) => { res(v); return v; }));
    return { value, secret };
}

function resolveSections(sections: readonly IssuedSection[]): Promise<PlannedSection[]> {
    return Promise.all(sections.map(async (s) => {
        const options: Record<string, Resolved<string>> = {};
        for (const [k, v] of Object.entries(s.options)) options[k] = await resolve(pulumi.output(v));
        return { name: s.name, options };
    }));
}
