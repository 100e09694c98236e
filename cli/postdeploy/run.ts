/**
 * The post-deploy run: one rclone daemon, then three phases over every
 * section (concurrently, bounded):
 *   A. own (phase-own.ts): list, write, and the copy role's second run;
 *   B. attacks (phase-attacks.ts): what the key must not be able to do, each
 *      on a target of its own;
 *   C. cleanup (cleanup.ts).
 * Every check ends worked, refused or inconclusive (verdict.ts); the report
 * says which provider call each made.
 */
import { randomBytes } from "node:crypto";
import { CliError } from "../shared/cli-error";
import type { ProviderName } from "../../components/outputs";
import type { AdminConfig } from "./admin";
import { checkBoundElsewhere, splitBound } from "./bound-elsewhere";
import { cleanup } from "./cleanup";
import { judgePending } from "./effects";
import { resolves } from "./diagnosis";
import { RunContext, type RunSettings } from "./context";
import { SectionRun } from "./run-state";
import { secretValues, type LoadedOutputs } from "./outputs";
import { runDir } from "./paths";
import { phaseAttacks } from "./phase-attacks";
import { phaseOwn } from "./phase-own";
import { planChecks } from "./plan";
import { preloadProbeApis } from "./probe-api";
import { mapLimit } from "./pool";
import { RcloneDaemon } from "./rcd";
import { checkRevoked, revokedConfig, type RevokedKey } from "./revoked";
import type { BoundElsewhereResult, RevokedResult } from "./types";
import { MIN_RCLONE, olderThan, parseRcloneVersion } from "../shared/rclone";
import { CHECKS } from "./checks";
import { PASSING, type PostdeployReport, type SectionReport } from "./types";

export type Phase = "own" | "attacks" | "cleanup";

export interface RunOptions {
    readonly concurrency?: number;
    /** Hard limit per call (default 60 s). */
    readonly checkTimeoutMs?: number;
    /** How long authentication errors are retried on a section's first call (default 90 s). */
    readonly authRetryMs?: number;
    /** Another environment's outputs: its buckets must be unreachable. */
    readonly otherEnv?: LoadedOutputs;
    /** The administrative identity (--admin-config). */
    readonly admin?: AdminConfig;
    readonly rcloneBinary?: string;
    /** Append rclone's (redacted, -v) log to this file. */
    readonly rcloneLog?: string;
    /** Called before each phase (tests use it to stop the server mid-run). */
    readonly beforePhase?: (phase: Phase) => Promise<void>;
    /** Sections finished so far, of all. */
    readonly onProgress?: (done: number, total: number) => void;
    readonly now?: () => Date;
    /** Test stand-ins for B2's native API only. */
    readonly b2AuthorizeUrl?: string;
    /** Whether a host name resolves (default: the system resolver). */
    readonly resolveHost?: (host: string) => Promise<boolean>;
    /** Keys a retire or revoke removed (revoked.ts): each must be refused. */
    readonly revoked?: readonly RevokedKey[];
    /** This run's address as the providers see it (--from): keys bound elsewhere must be refused (bound-elsewhere.ts). */
    readonly from?: string;
}

export async function runPostdeploy(all: LoadedOutputs, options: RunOptions = {}): Promise<PostdeployReport> {
    const { tested: outputs, elsewhere } = splitBound(all, options.from);
    const now = options.now ?? (() => new Date());
    const started = now();
    const other = options.otherEnv;
    if (other && other.environment === outputs.environment) {
        throw new CliError(`--other-env-outputs is of environment "${other.environment}", the same as the tested one`);
    }
    const runId = `postdeploy-${started.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "")}-${randomBytes(3).toString("hex")}`;
    const adminSecrets = options.admin ? secretValues([...options.admin.sections.values()].map((o) => ({ options: o }))) : [];
    const revoked = revokedConfig(options.revoked ?? []);
    const secrets = [...secretValues([...all.sections, ...(other?.sections ?? [])]), ...adminSecrets, ...revoked.secrets];
    const starting = RcloneDaemon.start({
        configText: [all.configText, other?.configText ?? "", options.admin?.configText ?? "", revoked.text].join("\n"),
        secrets,
        binary: options.rcloneBinary ?? "rclone",
        ...(options.rcloneLog ? { logFile: options.rcloneLog, verbose: true } : {}),
    });
    // rclone is spawned; while it starts, the main thread (otherwise waiting) loads what the probes need.
    preloadProbeApis([...outputs.sections, ...(other?.sections ?? [])].map((s) => s.summary.provider as ProviderName));
    const rcd = await starting;
    const ctx = new RunContext(runId, outputs, other, rcd, settingsOf(options), options.admin, secrets);
    let cpuMs: number | undefined;
    try {
        const version = await rcloneVersion(ctx);
        planRuns(ctx);
        await runPhases(ctx, options);
        const revokedResults = await checkRevoked(ctx, options.revoked ?? []);
        const bound = await checkBoundElsewhere(ctx, elsewhere, options.from ?? "", options.rcloneBinary ?? "rclone");
        cpuMs = rcd.cpuMs();
        return report(ctx, revokedResults, bound, { version, started, finished: now(), cpuMs });
    } finally {
        ctx.dispose();
        await rcd.stop();
    }
}

function settingsOf(o: RunOptions): RunSettings {
    return {
        concurrency: Math.max(1, o.concurrency ?? 8),
        timeoutMs: o.checkTimeoutMs ?? 60_000,
        authRetryMs: o.authRetryMs ?? 90_000,
        resolveHost: o.resolveHost ?? ((host) => resolves(host)),
        ...(o.b2AuthorizeUrl ? { b2AuthorizeUrl: o.b2AuthorizeUrl } : {}),
    };
}

async function rcloneVersion(ctx: RunContext): Promise<string> {
    const res = await ctx.rcd.call<{ version?: string }>("core/version", {}, 10_000);
    const version = res.ok && res.out.version ? `rclone ${res.out.version}` : "rclone (version unknown)";
    const parsed = parseRcloneVersion(version);
    if (!parsed || olderThan(parsed, MIN_RCLONE)) {
        ctx.notes.push(`${version} is older than ${MIN_RCLONE.join(".")}, the minimum the generated sections need; results may not match the hosts' rclone`);
    }
    return version;
}

function planRuns(ctx: RunContext): void {
    for (const s of ctx.outputs.sections) {
        ctx.runs.push(new SectionRun(s, runDir(s.summary.prefix, ctx.runId, s.summary.section), planChecks(s, ctx.otherEnvBuckets, ctx.outputs.sections)));
    }
}

async function runPhases(ctx: RunContext, options: RunOptions): Promise<void> {
    const limit = ctx.settings.concurrency;
    let done = 0;
    await options.beforePhase?.("own");
    await mapLimit(ctx.runs, limit, (r) => phaseOwn(ctx, r));
    noteCommonNetworkFailure(ctx);
    await options.beforePhase?.("attacks");
    await mapLimit(ctx.runs, limit, async (r) => {
        await phaseAttacks(ctx, r);
        options.onProgress?.(++done, ctx.runs.length);
    });
    await judgePending(ctx, ctx.pending);
    await options.beforePhase?.("cleanup");
    await cleanup(ctx);
}

/** Every endpoint failing the same network way is this machine's problem, not N wrong endpoints. */
function noteCommonNetworkFailure(ctx: RunContext): void {
    const kinds = ctx.runs.map((r) => r.results.get("list")?.errorKind);
    const first = kinds[0];
    if (ctx.runs.length > 1 && (first === "network" || first === "dns-name") && kinds.every((k) => k === first)) {
        const hosts = new Set(ctx.runs.map((r) => r.section.summary.endpoint || r.section.summary.region));
        ctx.notes.push(
            `every section (${ctx.runs.length}, ${hosts.size} endpoint(s)) failed to reach its endpoint the same way (${first}): ` +
                "look at this machine's network and DNS before the endpoints",
        );
    }
}

function report(
    ctx: RunContext,
    revoked: readonly RevokedResult[],
    bound: readonly BoundElsewhereResult[],
    t: { version: string; started: Date; finished: Date; cpuMs: number | undefined },
): PostdeployReport {
    const sections: SectionReport[] = ctx.runs.map((r) => ({
        section: r.name,
        role: r.section.summary.role,
        provider: r.section.summary.provider,
        bucket: r.section.summary.bucket,
        prefix: r.section.summary.prefix,
        runPath: `${r.section.summary.bucket}/${r.runDir}`,
        generation: r.section.summary.generation ?? 1,
        checks: CHECKS.filter((c) => r.planned.has(c)).map(
            (c) =>
                r.results.get(c) ?? {
                    check: c,
                    status: "not-run" as const,
                    outcome: "not-run" as const,
                    call: "",
                    detail: r.unusable ? `not run: the section cannot list (${r.unusable})` : "not run",
                    durationMs: 0,
                },
        ),
    }));
    return {
        environment: ctx.outputs.environment,
        runId: ctx.runId,
        rcloneVersion: t.version,
        startedAt: t.started.toISOString(),
        durationMs: t.finished.getTime() - t.started.getTime(),
        concurrency: ctx.settings.concurrency,
        admin: ctx.admin !== undefined,
        rclone: { processes: 1, rcCalls: ctx.rcd.calls, ...(t.cpuMs !== undefined ? { cpuMs: t.cpuMs } : {}) },
        providerCalls: ctx.providerCalls,
        sections,
        revoked,
        ...(bound.length ? { boundElsewhere: bound } : {}),
        cleaned: ctx.cleaned,
        leftovers: ctx.leftovers,
        notes: ctx.notes,
        failed:
            sections.some((s) => s.checks.some((c) => !PASSING.includes(c.status))) ||
            revoked.some((r) => r.status !== "refused") ||
            bound.some((b) => b.status !== "refused"),
    };
}
