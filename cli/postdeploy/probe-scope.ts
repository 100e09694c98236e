/**
 * The matrix (checks/matrix.ts): every scope the section does not own (its
 * targets from the scope files, plan.ts scopeTargets) × every operation
 * planned. Reads aim at one object per scope that nobody changes, written by
 * the admin (or a section that may write there); deletes at objects of the
 * section's own in that scope, so a verdict never lands on another section
 * (first at a key nobody wrote, where that can refuse them: probe-unwritten.ts).
 * Listing "works" when the provider answers with a listing, a read when the
 * bytes match; a write or delete when its effect is seen (effects.ts). A
 * check aimed at several targets (every other credential's prefix) worked if
 * it worked on any.
 */
import type { UnwrittenCall } from "../../components/providers/probe-facts";
import type { RunContext } from "./context";
import { type OperationName, SCOPES, type ScopeName, matrixCheck, type ScopeTarget } from "./checks";
import type { SectionRun } from "./run-state";
import { listAs, runFiles, uploadAs } from "./observe";
import { intruderDir, targetsDir } from "./paths";
import { scopeTargets } from "./plan";
import { readWithSection } from "./probe-read";
import { noncurrentOf, readNoncurrent } from "./probe-versions";
import { backendCall, probeFacts } from "./provider-probes";
import { refusalUnwritten } from "./probe-unwritten";
import { seedTarget } from "./targets";
import { mostPermissive, outcomeOf, type Observation } from "./verdict";

type Judged = Extract<OperationName, "list" | "read" | "read-version">;

/** A target and the scope it belongs to: its verdicts land on that scope's checks of the attacking section. */
type Aimed = ScopeTarget & { readonly scope: ScopeName };

/** Every planned check of the matrix, all scopes and targets at once (each attempt is a call of its own). */
export async function probeScopes(ctx: RunContext, r: SectionRun): Promise<void> {
    const targets = scopeTargets({ section: r.section, sections: ctx.outputs.sections, otherEnv: ctx.otherEnvBuckets });
    await Promise.all(
        SCOPES.map(async (scope) => {
            const planned = (op: OperationName) => r.planned.has(matrixCheck(scope.name, op).name);
            const ts = targets.get(scope.name) ?? [];
            const seen = await Promise.all(ts.map((t) => attackTarget(ctx, r, { ...t, scope: scope.name }, planned)));
            for (const op of ["list", "read", "read-version"] as const) {
                if (!planned(op)) continue;
                const check = matrixCheck(scope.name, op);
                const all = seen.flatMap((s) => (s[op] ? [s[op]] : []));
                if (all.length === 0) continue;
                const o = mostPermissive(all, (x) => x.outcome);
                await ctx.judge(r, check.name, { ...o, what: all.map((x) => x.what).join("; ") }, check.operation.capability);
            }
        }),
    );
}

/** Four independent branches at once (list; reads; the write; the deletes): each waits only on its own round trips. */
async function attackTarget(ctx: RunContext, r: SectionRun, t: Aimed, planned: (op: OperationName) => boolean): Promise<Partial<Record<Judged, Observation>>> {
    const seen: Partial<Record<Judged, Observation>> = {};
    const versions = t.keepsVersions && probeFacts(r.section.summary.provider).calls.readVersion !== undefined;
    const list = async () => {
        if (planned("list")) seen.list = await listAttempt(ctx, r, t);
    };
    const reads = async () => {
        if (!planned("read") && !(planned("read-version") && versions)) return;
        // One object per scope for every section's reads: a read changes nothing.
        const key = `${targetsDir(t.prefix, ctx.runId, "scope-read")}read.bin`;
        const shared = await ctx.memo(`scope-read\u0000${t.bucket}\u0000${key}`, () => seedTarget(ctx, r, t.bucket, key, versions ? 2 : 1));
        if (planned("read")) seen.read = await readAttempt(ctx, r, t, shared);
        if (planned("read-version") && versions) seen["read-version"] = await readVersionAttempt(ctx, r, t, shared);
    };
    const write = async () => {
        if (planned("write")) await writeAttempt(ctx, r, t);
    };
    const deletes = async () => {
        const dir = targetsDir(t.prefix, ctx.runId, r.name);
        const wanted = DELETES.filter((d) => planned(d.op) && (d.op === "delete" || t.keepsVersions));
        const left = await refusedUnwritten(ctx, r, t, dir, wanted);
        if (left.length === 0) return;
        const own = await seedTarget(ctx, r, t.bucket, `${dir}scope.bin`, versions ? 2 : 1);
        if (left.includes("delete")) await deleteAttempt(ctx, r, t, own);
        if (left.includes("delete-version")) await deleteVersionAttempt(ctx, r, t, own);
    };
    await Promise.all([list(), reads(), write(), deletes()]);
    return seen;
}

type Seeded = Awaited<ReturnType<typeof seedTarget>>;

const DELETES = [
    { op: "delete", call: "deleteObject" },
    { op: "delete-version", call: "deleteVersion" },
] as const satisfies readonly { op: OperationName; call: UnwrittenCall }[];

/** Each delete first at a key nobody wrote where that can refuse it (probe-unwritten.ts); the operations still to aim at a written target. */
async function refusedUnwritten(ctx: RunContext, r: SectionRun, t: Aimed, dir: string, wanted: readonly (typeof DELETES)[number][]): Promise<OperationName[]> {
    const left = await Promise.all(
        wanted.map(async ({ op, call }) => {
            const check = matrixCheck(t.scope, op).name;
            const refused = await refusalUnwritten(ctx, r, { check, call, bucket: t.bucket, key: `${dir}unwritten.bin` }, t.label);
            if (!refused) return op;
            pend(ctx, r, t, op, { failure: refused.failure!, what: refused.what, call: refused.call, durationMs: refused.durationMs });
            return undefined;
        }),
    );
    return left.flatMap((op) => (op ? [op] : []));
}

function inconclusive(why: string, what: string, call: string): Observation {
    return { outcome: "inconclusive", why, what, call, durationMs: 0 };
}

async function listAttempt(ctx: RunContext, r: SectionRun, t: Aimed): Promise<Observation> {
    const res = await listAs(ctx, r.name, t.bucket, t.prefix);
    const failure = res.ok ? undefined : await ctx.failure(res.error, r.section.summary.provider);
    return {
        ...outcomeOf(failure, res.ok ? true : undefined),
        what: `list ${t.bucket}/${t.prefix} (${t.label})`,
        call: `rclone operations/list → ${backendCall(r.section, "list")}`,
        durationMs: res.durationMs,
    };
}

async function readAttempt(ctx: RunContext, r: SectionRun, t: Aimed, seeded: Seeded): Promise<Observation> {
    const call = `rclone operations/copyfile → ${backendCall(r.section, "read")}, bytes compared`;
    if ("why" in seeded) return inconclusive(seeded.why, `read in ${t.bucket}/${t.prefix} (${t.label})`, call);
    const target = seeded.target.current;
    const seen = await readWithSection(ctx, r, target);
    return { ...seen, what: `read ${target.bucket}/${target.key} (${t.label}, written by ${target.writer})`, call };
}

async function readVersionAttempt(ctx: RunContext, r: SectionRun, t: Aimed, seeded: Seeded): Promise<Observation> {
    const call = probeFacts(r.section.summary.provider).calls.readVersion ?? "version read";
    const aimed = noncurrentOf(seeded);
    if ("why" in aimed) return inconclusive(aimed.why, `read a noncurrent version in ${t.bucket}/${t.prefix} (${t.label})`, call);
    const v = aimed.target;
    const what = `read noncurrent version ${v.versionId} of ${v.bucket}/${v.key} (${t.label}, written by ${v.writer}) and compare its SHA-256`;
    return readNoncurrent(ctx, r, v, what, call);
}

/** One upload (rc copyfile with no destination check, so no listing can fail first and hide a PutObject the key should not have). */
async function writeAttempt(ctx: RunContext, r: SectionRun, t: Aimed): Promise<void> {
    const src = runFiles(ctx).probe;
    const key = `${intruderDir(t.prefix, ctx.runId, r.name)}${src.name}`;
    const res = await uploadAs(ctx, r.name, src, t.bucket, key);
    pend(ctx, r, t, "write", {
        ...(res.ok ? {} : { failure: await ctx.failure(res.error, r.section.summary.provider) }),
        writer: r.section,
        what: `write ${t.bucket}/${key} (${t.label})`,
        call: `rclone operations/copyfile → ${backendCall(r.section, "write")}`,
        durationMs: res.durationMs,
        effect: { kind: "present", bucket: t.bucket, key },
    });
}

/**
 * One DeleteObject through the provider API, as an intruder would call it:
 * rclone would HEAD the object first, which a key without read there is
 * refused, hiding a delete the key may well have.
 */
async function deleteAttempt(ctx: RunContext, r: SectionRun, t: Aimed, seeded: Seeded): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.deleteObject;
    if ("why" in seeded)
        return ctx.judge(r, matrixCheck(t.scope, "delete").name, inconclusive(seeded.why, `delete in ${t.bucket}/${t.prefix} (${t.label})`, call), "delete");
    const target = seeded.target.current;
    const started = Date.now();
    const res = await ctx.apiFor(r.section).deleteObject(target.bucket, target.key);
    pend(ctx, r, t, "delete", {
        ...(res.ok ? {} : { failure: await ctx.failure(res.text, r.section.summary.provider) }),
        what: `delete ${target.bucket}/${target.key} (${t.label}, written by ${target.writer})`,
        call,
        durationMs: Date.now() - started,
        effect: { kind: "gone", bucket: target.bucket, key: target.key },
    });
}

async function deleteVersionAttempt(ctx: RunContext, r: SectionRun, t: Aimed, seeded: Seeded): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.deleteVersion ?? "version delete";
    const aimed = noncurrentOf(seeded);
    if ("why" in aimed) {
        return ctx.judge(
            r,
            matrixCheck(t.scope, "delete-version").name,
            inconclusive(aimed.why, `delete a noncurrent version in ${t.bucket}/${t.prefix}`, call),
        );
    }
    const target = aimed.target;
    const started = Date.now();
    const res = await ctx.apiFor(r.section).deleteVersion(target.bucket, target.key, target.versionId);
    pend(ctx, r, t, "delete-version", {
        ...(res.ok ? {} : { failure: await ctx.failure(res.text, r.section.summary.provider) }),
        what: `delete noncurrent version ${target.versionId} of ${target.bucket}/${target.key} (${t.label}, written by ${target.writer})`,
        call,
        durationMs: Date.now() - started,
        effect: { kind: "version-gone", bucket: target.bucket, key: target.key, versionId: target.versionId },
    });
}

function pend(ctx: RunContext, r: SectionRun, t: Aimed, op: OperationName, p: Omit<Parameters<RunContext["pending"]["push"]>[0], "run" | "check">): void {
    const check = matrixCheck(t.scope, op);
    ctx.pending.push({ run: r, check: check.name, ...(check.operation.capability ? { capability: check.operation.capability } : {}), ...p });
}
