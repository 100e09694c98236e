/**
 * The post-deploy run: every section's checks with the real rclone, in three
 * phases so checks that need another section's probe find it:
 *   A. list, mkdir, write, outside-prefix and other-environment attempts;
 *   B. read, and delete attempts of roles that must not delete;
 *   C. delete of roles that may, rmdir;
 * then cleanup of every probe still present, with a section that may delete.
 * Sections run concurrently (bounded) within a phase; every rclone call has a
 * timeout; authentication errors on the first call are retried for a bounded
 * time because new keys propagate slowly.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keepsVersions } from "../../components/permissions/protections";
import type { Capability } from "../../components/permissions/roles";
import { CliError } from "../shared/cli-error";
import { classifyError, diagnose, isAuthPropagationError } from "./diagnosis";
import type { LoadedOutputs, DeployedSection } from "./outputs";
import { secretValues } from "./outputs";
import { covers, mayDelete, mayList, otherBucketsFor, planChecks, type ForeignBucket } from "./plan";
import { intruderDir, outsideDir, PROBE_FILE, runDir, slug } from "./paths";
import { mapLimit } from "./pool";
import { MIN_RCLONE, olderThan, parseRcloneVersion, RcloneWorkspace, rcloneVersion, type RcloneResult } from "./rclone";
import type { CheckName, CheckResult, Leftover, PlannedCheck, PostdeployReport, SectionReport } from "./types";
import { verdict } from "./verdict";

export type Phase = "own" | "cross" | "final" | "cleanup";

export interface RunOptions {
    readonly concurrency?: number;
    /** Hard limit per rclone call (default 60 s). */
    readonly checkTimeoutMs?: number;
    /** How long authentication errors are retried on a section's first call (default 90 s). */
    readonly authRetryMs?: number;
    /** Another environment's outputs: its buckets must be unreachable. */
    readonly otherEnv?: LoadedOutputs;
    readonly rcloneBinary?: string;
    /** Called before each phase (tests use it to stop the server mid-run). */
    readonly beforePhase?: (phase: Phase) => Promise<void>;
    readonly now?: () => Date;
}

const PROBE = PROBE_FILE;

interface Probe {
    readonly bucket: string;
    /** Key of the directory holding the probe, ending in "/". */
    readonly dir: string;
    readonly writer: DeployedSection;
    readonly sha256: string;
    /** Whether it lies in the section's own run directory (else outside / other env). */
    readonly own: boolean;
}

class SectionRun {
    readonly results = new Map<CheckName, CheckResult>();
    readonly planned: Map<CheckName, PlannedCheck>;
    ownProbe?: Probe;
    unusable?: string;
    listWorked = false;

    constructor(readonly section: DeployedSection, readonly runDir: string, planned: readonly PlannedCheck[]) {
        this.planned = new Map(planned.map((p) => [p.check, p]));
    }
    get name(): string {
        return this.section.summary.section;
    }
}

export async function runPostdeploy(outputs: LoadedOutputs, options: RunOptions = {}): Promise<PostdeployReport> {
    const now = options.now ?? (() => new Date());
    const started = now();
    const concurrency = Math.max(1, options.concurrency ?? 8);
    const timeoutMs = options.checkTimeoutMs ?? 60_000;
    const authRetryMs = options.authRetryMs ?? 90_000;
    const runId = `postdeploy-${started.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "")}-${randomBytes(3).toString("hex")}`;
    const binary = options.rcloneBinary ?? "rclone";
    const version = await rcloneVersion(binary);

    const other = options.otherEnv;
    if (other && other.environment === outputs.environment) {
        throw new CliError(`--other-env-outputs is of environment "${other.environment}", the same as the tested one`);
    }
    const otherBuckets: ForeignBucket[] = other
        ? other.sections.map((s) => ({ provider: s.summary.provider, bucket: s.summary.bucket, prefix: s.summary.prefix }))
        : [];
    const allSections = [...outputs.sections, ...(other?.sections ?? [])];
    const ws = RcloneWorkspace.create(outputs.configText + "\n" + (other?.configText ?? ""), secretValues(allSections), binary);
    const notes: string[] = [];
    const parsed = parseRcloneVersion(version);
    if (!parsed || olderThan(parsed, MIN_RCLONE)) {
        notes.push(`${version || "rclone"} is older than ${MIN_RCLONE.join(".")}, the minimum the generated sections need; results may not match the hosts' rclone`);
    }
    const probes: Probe[] = [];
    const cleaned: string[] = [];
    const leftovers: Leftover[] = [];

    try {
        const runs = outputs.sections.map((s) => new SectionRun(
            s, runDir(s.summary.prefix, runId, s.summary.section), planChecks(s, otherBuckets)));
        const src = join(ws.dir, "src");
        const contentFor = (r: SectionRun) => `backup-remotes post-deploy probe\nrun ${runId}\nsection ${r.name}\n${randomBytes(16).toString("hex")}\n`;
        const srcDirs = new Map<string, { dir: string; sha256: string }>();
        for (const r of runs) {
            const dir = join(src, slug(r.name));
            mkdirSync(dir, { recursive: true });
            const content = contentFor(r);
            writeFileSync(join(dir, PROBE), content);
            srcDirs.set(r.name, { dir, sha256: sha256(content) });
        }
        const byName = new Map(runs.map((r) => [r.name, r]));

        const remote = (s: DeployedSection, bucket: string, key: string) => `${s.summary.section}:${bucket}/${key}`;
        const flags = (s: DeployedSection) => [...s.summary.rcloneFlags];

        /** Names in `bucket/dir` as seen by a section that may list there; undefined when none could look. */
        const observe = async (bucket: string, dir: string, prefer?: DeployedSection): Promise<string[] | undefined> => {
            const candidates = [prefer, ...allSections].filter((s): s is DeployedSection =>
                s !== undefined && mayList(s) && covers(s, bucket, dir) && byName.get(s.summary.section)?.unusable === undefined);
            // Two tries: a server that is gone should not cost one timeout per section.
            for (const s of candidates.slice(0, 2)) {
                const res = await ws.run(["lsf", remote(s, bucket, dir)], timeoutMs);
                if (res.code === 0) return res.stdout.toString("utf8").split("\n").map((l) => l.trim()).filter(Boolean);
            }
            return undefined;
        };

        const record = (r: SectionRun, check: CheckName, result: Omit<CheckResult, "check">) => {
            r.results.set(check, { check, ...result });
        };

        /** Record the verdict on an attempt (see verdict.ts). */
        const judge = (r: SectionRun, check: CheckName, took: boolean, res: RcloneResult | undefined, what: string, capability?: Capability) => {
            const planned = r.planned.get(check);
            if (!planned) return;
            const s = r.section.summary;
            record(r, check, verdict(check, planned.expectation, { took, what, ...(res ? { result: res } : {}) }, {
                provider: s.provider, endpoint: s.endpoint, listWorked: r.listWorked, role: s.role, ...(capability ? { capability } : {}),
            }));
        };

        const notRunRest = (r: SectionRun, why: string) => {
            for (const c of r.planned.keys()) {
                if (!r.results.has(c)) record(r, c, { status: "not-run", detail: why, durationMs: 0 });
            }
        };

        // ---------------------------------------------------------------- phase A
        await options.beforePhase?.("own");
        await mapLimit(runs, concurrency, async (r) => {
            const s = r.section;
            const { bucket, prefix } = s.summary;
            // list, with bounded retries of authentication errors (fresh keys).
            const listStart = Date.now();
            let res: RcloneResult;
            let retries = 0;
            for (;;) {
                res = await ws.run(["lsf", "--max-depth", "1", remote(s, bucket, prefix)], timeoutMs);
                if (res.code === 0 || !isAuthPropagationError(classifyError(res.stderr)) || Date.now() - listStart >= authRetryMs) break;
                retries++;
                await sleep(Math.min(2000, authRetryMs - (Date.now() - listStart)));
            }
            r.listWorked = res.code === 0;
            judge(r, "list", res.code === 0, { ...res, durationMs: Date.now() - listStart },
                `list ${bucket}/${prefix}${retries ? ` (after ${retries} auth retr${retries === 1 ? "y" : "ies"})` : ""}`, "list");
            if (r.planned.get("list")?.expectation.outcome === "succeeds" && !r.listWorked) {
                r.unusable = r.results.get("list")?.diagnosis ?? "list failed";
                notRunRest(r, `not run: the section cannot list (${r.unusable})`);
                return;
            }

            res = await ws.run(["mkdir", remote(s, bucket, r.runDir)], timeoutMs);
            judge(r, "mkdir", res.code === 0, res, `mkdir ${bucket}/${r.runDir}`);

            const srcDir = srcDirs.get(r.name)!;
            res = await ws.run(["copy", ...flags(s), srcDir.dir, remote(s, bucket, r.runDir)], timeoutMs);
            const seen = await observe(bucket, r.runDir, s);
            const wrote = seen ? seen.includes(PROBE) : res.code === 0;
            if (wrote) {
                r.ownProbe = { bucket, dir: r.runDir, writer: s, sha256: srcDir.sha256, own: true };
                probes.push(r.ownProbe);
            }
            judge(r, "write", wrote, res, `write ${bucket}/${r.runDir}${PROBE}`, "write");

            if (r.planned.has("outside-list")) {
                const outside = outsideDir(runId, r.name);
                res = await ws.run(["lsf", remote(s, bucket, outside)], timeoutMs);
                judge(r, "outside-list", res.code === 0, res, `list ${bucket}/${outside} (outside ${prefix})`);
                res = await ws.run(["copy", ...flags(s), srcDir.dir, remote(s, bucket, outside)], timeoutMs);
                const seenOutside = await observe(bucket, outside);
                const wroteOutside = seenOutside ? seenOutside.includes(PROBE) : res.code === 0;
                if (wroteOutside) probes.push({ bucket, dir: outside, writer: s, sha256: srcDir.sha256, own: false });
                judge(r, "outside-write", wroteOutside, res, `write ${bucket}/${outside}${PROBE} (outside ${prefix})`);
            }

            if (r.planned.has("other-env-list")) {
                let listed: RcloneResult | undefined;
                let wroteRes: RcloneResult | undefined;
                const targets: string[] = [];
                for (const b of otherBucketsFor(s, otherBuckets)) {
                    const lres = await ws.run(["lsf", "--max-depth", "1", remote(s, b.bucket, b.prefix)], timeoutMs);
                    if (!listed || lres.code === 0) listed = lres;
                    const dir = intruderDir(b.prefix, runId, r.name);
                    const wres = await ws.run(["copy", ...flags(s), srcDir.dir, remote(s, b.bucket, dir)], timeoutMs);
                    const seenOther = await observe(b.bucket, dir);
                    const wroteOther = seenOther ? seenOther.includes(PROBE) : wres.code === 0;
                    if (wroteOther) probes.push({ bucket: b.bucket, dir, writer: s, sha256: srcDir.sha256, own: false });
                    if (!wroteRes || wroteOther) wroteRes = wroteOther ? { ...wres, code: 0 } : wres;
                    targets.push(b.bucket);
                }
                const names = targets.join(", ");
                judge(r, "other-env-list", listed?.code === 0, listed, `list ${names} (other environment)`);
                judge(r, "other-env-write", wroteRes?.code === 0, wroteRes, `write into ${names} (other environment)`);
            }
        });

        // ---------------------------------------------------------------- phase B
        await options.beforePhase?.("cross");
        const foreignProbe = (r: SectionRun) => probes.find((p) => p.own && p.writer !== r.section && covers(r.section, p.bucket, p.dir));
        await mapLimit(runs, concurrency, async (r) => {
            if (r.unusable) return;
            const s = r.section;
            const read = r.planned.get("read")!;
            const target = read.expectation.outcome === "succeeds" ? (r.ownProbe ?? foreignProbe(r)) : (foreignProbe(r) ?? r.ownProbe);
            if (!target) {
                record(r, "read", { status: "warning", durationMs: 0,
                    detail: "no probe object in scope to read: no section of this environment writes under this prefix" });
            } else {
                const res = await ws.run(["cat", remote(s, target.bucket, target.dir + PROBE)], timeoutMs);
                const same = res.code === 0 && sha256(res.stdout) === target.sha256;
                const whose = target.writer === s ? "its own probe" : `a probe written by ${target.writer.summary.section}`;
                const note = res.code === 0 && !same ? " (rclone exited 0 without the content)" : "";
                judge(r, "read", same, res, `read ${whose} and compare its SHA-256${note}`, "read");
            }
            if (r.planned.get("delete")!.expectation.outcome !== "succeeds") await attemptDelete(r, r.ownProbe ?? foreignProbe(r));
        });

        // ---------------------------------------------------------------- phase C
        await options.beforePhase?.("final");
        await mapLimit(runs, concurrency, async (r) => {
            if (r.unusable) return;
            if (r.planned.get("delete")!.expectation.outcome === "succeeds") await attemptDelete(r, r.ownProbe ?? foreignProbe(r));
            const res = await ws.run(["rmdir", remote(r.section, r.section.summary.bucket, r.runDir)], timeoutMs);
            judge(r, "rmdir", res.code === 0, res, `rmdir ${r.section.summary.bucket}/${r.runDir}`);
        });

        async function attemptDelete(r: SectionRun, target: Probe | undefined): Promise<void> {
            if (!target) {
                record(r, "delete", { status: "warning", durationMs: 0, detail: "no probe object in scope to delete" });
                return;
            }
            const s = r.section;
            const res = await ws.run(["delete", "--include", `/${PROBE}`, remote(s, target.bucket, target.dir)], timeoutMs);
            const seen = await observe(target.bucket, target.dir);
            // Effects are confirmed by listing: rclone delete can exit 0 having done nothing.
            const gone = seen ? !seen.includes(PROBE) : res.code === 0;
            if (gone) {
                const i = probes.indexOf(target);
                if (i >= 0) probes.splice(i, 1);
                cleaned.push(`${target.bucket}/${target.dir}${PROBE}`);
            }
            const whose = target.writer === s ? "its own probe" : `a probe written by ${target.writer.summary.section}`;
            judge(r, "delete", gone, res, `delete ${whose}${seen ? "" : " (not confirmed by a listing)"}`, "delete");
        }

        // ---------------------------------------------------------------- cleanup
        await options.beforePhase?.("cleanup");
        for (const p of [...probes]) {
            const path = `${p.bucket}/${p.dir}${PROBE}`;
            const deleters = [p.writer, ...allSections].filter((s, i, a) => a.indexOf(s) === i && mayDelete(s) && covers(s, p.bucket, p.dir));
            let reason = deleters.length === 0
                ? `no section may delete under ${p.bucket}/${p.dir}; remove it with an administrative credential`
                : "";
            for (const s of deleters) {
                const res = await ws.run(["delete", "--include", `/${PROBE}`, remote(s, p.bucket, p.dir)], timeoutMs);
                const seen = await observe(p.bucket, p.dir);
                if (seen ? !seen.includes(PROBE) : res.code === 0) {
                    reason = "";
                    cleaned.push(path);
                    probes.splice(probes.indexOf(p), 1);
                    break;
                }
                reason = `delete with ${s.summary.section} failed: ${diagnose(classifyError(res.stderr), {
                    provider: s.summary.provider, endpoint: s.summary.endpoint, listWorked: true, capability: "delete" })}`;
            }
            if (reason) leftovers.push({ path, writtenBy: p.writer.summary.section, reason });
        }
        leftovers.sort((a, b) => a.path.localeCompare(b.path));
        cleaned.sort();
        if (cleaned.length && outputs.sections.some((s) => keepsVersions(s.permissions.protections))) {
            notes.push("on versioned buckets a delete leaves a delete marker: the probes' previous versions expire with the bucket's lifecycle rule");
        }

        const sections: SectionReport[] = runs.map((r) => ({
            section: r.name, role: r.section.summary.role, provider: r.section.summary.provider,
            bucket: r.section.summary.bucket, prefix: r.section.summary.prefix, runPath: `${r.section.summary.bucket}/${r.runDir}`,
            checks: [...r.planned.keys()].map((c) => r.results.get(c) ?? { check: c, status: "not-run" as const, detail: "not run", durationMs: 0 }),
        }));
        const failed = sections.some((s) => s.checks.some((c) => c.status === "failed" || c.status === "over-privileged"));
        return {
            environment: outputs.environment, runId, rcloneVersion: version, startedAt: started.toISOString(),
            durationMs: now().getTime() - started.getTime(), concurrency, rcloneCalls: ws.calls, sections, cleaned, leftovers, notes, failed,
        };
    } finally {
        ws.dispose();
    }
}

function sha256(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
