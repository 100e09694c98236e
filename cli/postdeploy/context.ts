/**
 * The state of one post-deploy run, shared by its phases (phase-own.ts,
 * phase-attacks.ts, cleanup.ts): the rclone daemon, the sections and their
 * results, the administrative identity, and everything the run wrote.
 */
import type { ProviderName } from "../../components/outputs";
import type { Capability } from "../../components/permissions/roles";
import { adminSectionFor, type AdminConfig } from "./admin";
import { classifyError } from "../shared/error-kind";
import { diagnose } from "./diagnosis";
import type { LoadedOutputs, DeployedSection } from "./outputs";
import { foreignBuckets, type ForeignBucket } from "./foreign-buckets";
import { probeFacts, type BucketSetting } from "./provider-probes";
import { probeApiFor } from "./probe-api";
import type { ApiResult, ProbeApi, VersionEntry } from "./probe-api/types";
import type { RcloneDaemon } from "./rcd";
import type { CheckId, CheckResult, Leftover } from "./types";
import { failureOf, verdict, type CallFailure, type Observation } from "./verdict";
import type { Pending, RunFiles, SectionRun, Written } from "./run-state";

export interface RunSettings {
    readonly concurrency: number;
    readonly timeoutMs: number;
    readonly authRetryMs: number;
    /** Test stand-ins for B2's native API only. */
    readonly b2AuthorizeUrl?: string;
    /** Whether a host name resolves (tests replace it to play a working or a dead DNS). */
    readonly resolveHost: (host: string) => Promise<boolean>;
}

export interface AdminAccess {
    readonly section: string;
    readonly api: ProbeApi;
}

export class RunContext {
    readonly runs: SectionRun[] = [];
    readonly written: Written[] = [];
    readonly createdBuckets: { readonly name: string; readonly by: SectionRun }[] = [];
    readonly cleaned: string[] = [];
    readonly leftovers: Leftover[] = [];
    readonly notes: string[] = [];
    providerCalls = 0;
    /** Attack-phase attempts waiting for their effects to be observed (effects.ts). */
    readonly pending: Pending[] = [];
    /** Every version under a run folder (`<bucket>/<root>`) as the admin listed it to judge the effects, once all attempts were made: what the cleanup removes. */
    readonly listedRoots = new Map<string, readonly VersionEntry[]>();
    /** The run's local source files (observe.ts runFiles). */
    files?: RunFiles;
    /** Every section known to the run: this environment's and the other environment's. */
    readonly allSections: readonly DeployedSection[];
    /** The other environment's buckets, which no key of this one may reach. */
    readonly otherEnvBuckets: readonly ForeignBucket[];
    private readonly apis = new Map<string, ProbeApi>();
    private readonly memos = new Map<string, Promise<unknown>>();

    constructor(
        readonly runId: string,
        readonly outputs: LoadedOutputs,
        readonly otherEnv: LoadedOutputs | undefined,
        readonly rcd: RcloneDaemon,
        readonly settings: RunSettings,
        readonly admin: AdminConfig | undefined,
        readonly secrets: readonly string[],
    ) {
        this.allSections = [...outputs.sections, ...(otherEnv?.sections ?? [])];
        this.otherEnvBuckets = foreignBuckets(otherEnv?.sections ?? []);
    }

    run(name: string): SectionRun | undefined {
        return this.runs.find((r) => r.name === name);
    }

    /** The provider API with this section's own credentials and endpoint. */
    apiFor(section: DeployedSection): ProbeApi {
        return this.api(section.summary.section, section.summary.provider, section.options);
    }

    /** The admin identity for this section's remote, when --admin-config gave one. */
    adminFor(section: DeployedSection): AdminAccess | undefined {
        const name = this.admin ? adminSectionFor(this.admin, section.summary.remote) : undefined;
        if (!name || !this.admin) return undefined;
        return { section: name, api: this.api(name, section.summary.provider, this.admin.sections.get(name)!) };
    }

    /** The admin identity for a bucket of the run (through any section on it). */
    adminForBucket(bucket: string): AdminAccess | undefined {
        const onBucket = this.allSections.find((s) => s.summary.bucket === bucket);
        return onBucket ? this.adminFor(onBucket) : undefined;
    }

    /** `fn`'s result, computed once per run for `key` (shared targets, shared files). */
    memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
        let p = this.memos.get(key);
        if (!p) {
            p = fn();
            this.memos.set(key, p);
        }
        return p as Promise<T>;
    }

    /** A bucket setting as the admin reads it, once per bucket and setting for the whole run. */
    adminSetting(admin: AdminAccess, bucket: string, setting: BucketSetting): Promise<ApiResult<string | undefined>> {
        return this.memo(`setting\u0000${admin.section}\u0000${bucket}\u0000${setting}`, () => admin.api.readSetting(bucket, setting));
    }

    /** A failure's kind, with "no such host" turned into "network" when even the provider's public host does not resolve. */
    async failure(text: string, provider: ProviderName): Promise<CallFailure> {
        const f = failureOf(text, provider);
        if (f.kind !== "dns-name") return f;
        return (await this.canaryResolves(provider)) ? f : { ...f, kind: "network" };
    }

    canaryResolves(provider: ProviderName): Promise<boolean> {
        return this.memo(`canary\u0000${provider}`, () => this.settings.resolveHost(probeFacts(provider).canaryHost));
    }

    /** Record the verdict on an observation of a planned check. */
    async judge(r: SectionRun, check: CheckId, o: Observation, capability?: Capability): Promise<void> {
        const planned = r.planned.get(check);
        if (!planned) return;
        const s = r.section.summary;
        const canary =
            o.failure?.kind === "dns-name" || o.failure?.kind === "network"
                ? { host: probeFacts(s.provider).canaryHost, resolves: await this.canaryResolves(s.provider) }
                : undefined;
        r.results.set(check, {
            check,
            ...verdict(planned, o, {
                provider: s.provider,
                endpoint: s.endpoint,
                listWorked: r.listWorked,
                role: s.role,
                ...(capability ? { capability } : {}),
                ...(canary ? { canary } : {}),
            }),
        });
    }

    /** Record a check whose status follows from something other than the generic verdict. */
    record(r: SectionRun, result: CheckResult): void {
        if (r.planned.has(result.check)) r.results.set(result.check, result);
    }

    /** One sentence on an error text of a section's call (for cleanup reasons). */
    diagnosisOf(text: string, section: DeployedSection): string {
        const s = section.summary;
        return diagnose(classifyError(text, s.provider), { provider: s.provider, endpoint: s.endpoint, listWorked: true, capability: "delete" });
    }

    dispose(): void {
        for (const api of this.apis.values()) api.dispose();
    }

    private api(name: string, provider: ProviderName, options: Readonly<Record<string, string>>): ProbeApi {
        const key = `${name}\u0000${provider}`;
        let api = this.apis.get(key);
        if (!api) {
            api = probeApiFor(provider, options, {
                timeoutMs: this.settings.timeoutMs,
                secrets: this.secrets,
                count: () => {
                    this.providerCalls++;
                },
                ...(this.settings.b2AuthorizeUrl ? { b2AuthorizeUrl: this.settings.b2AuthorizeUrl } : {}),
            });
            this.apis.set(key, api);
        }
        return api;
    }
}
