/**
 * Effects of the attack phase, observed after every attempt was made and
 * judged then. An attempt records what it expects to see (an object there,
 * gone, replaced, a version gone); once all sections are done, the admin
 * lists every version under the run's folders in one call per folder, and
 * each attempt is judged against that. Without an admin for a bucket, each
 * effect is looked up on its own (a listing by a section that may list
 * there, a HEAD by one that may see versions).
 */
import type { Capability } from "../../components/permissions/roles";
import type { RunContext } from "./context";
import type { DeployedSection } from "./outputs";
import { listDir } from "./observe";
import { PROBE_ROOT } from "./paths";
import type { VersionEntry } from "./probe-api/types";
import { versionStillThere } from "./targets";
import type { CheckName } from "./types";
import { outcomeOf, type CallFailure, type Observation } from "./verdict";
import type { EffectQuery, Pending, SectionRun } from "./run-state";

/** One folder's versions, keyed by object key. */
type Snapshot = Map<string, VersionEntry[]>;

function runRootOf(key: string, runId: string): string | undefined {
    const marker = `${PROBE_ROOT}${runId}/`;
    const i = key.indexOf(marker);
    return i < 0 ? undefined : key.slice(0, i + marker.length);
}

async function snapshots(ctx: RunContext, pending: readonly Pending[]): Promise<Map<string, Snapshot | undefined>> {
    const roots = new Map<string, { bucket: string; root: string; run: SectionRun }>();
    for (const p of pending) {
        const root = runRootOf(p.effect.key, ctx.runId);
        if (root !== undefined) roots.set(`${p.effect.bucket}/${root}`, { bucket: p.effect.bucket, root, run: p.run });
    }
    const out = new Map<string, Snapshot | undefined>();
    for (const [id, { bucket, root }] of roots) {
        const onBucket = ctx.allSections.find((s) => s.summary.bucket === bucket);
        const admin = onBucket ? ctx.adminFor(onBucket) : undefined;
        const res = admin ? await admin.api.listVersions(bucket, root) : undefined;
        if (!res?.ok) {
            out.set(id, undefined);
            continue;
        }
        const snap: Snapshot = new Map();
        for (const v of res.value) snap.set(v.key, [...(snap.get(v.key) ?? []), v]);
        out.set(id, snap);
    }
    return out;
}

function fromSnapshot(snap: Snapshot, q: EffectQuery): boolean {
    const versions = snap.get(q.key) ?? [];
    const current = versions.find((v) => v.latest && !v.deleteMarker);
    switch (q.kind) {
        case "present": return current !== undefined;
        case "gone": return current === undefined;
        case "replaced": return current?.size === q.size;
        case "version-gone": return !versions.some((v) => v.versionId === q.versionId);
    }
}

/** Without a snapshot: ask whoever may look. */
async function lookUp(ctx: RunContext, p: Pending, q: EffectQuery): Promise<boolean | undefined> {
    if (q.kind === "version-gone") {
        const there = await versionStillThere(ctx, p.run, q);
        return there === undefined ? undefined : !there;
    }
    const dir = q.key.slice(0, q.key.lastIndexOf("/") + 1);
    const listed = await listDir(ctx, q.bucket, dir);
    if (!listed) return undefined;
    const entry = listed.find((e) => e.name === q.key.slice(dir.length));
    if (q.kind === "replaced") return entry?.size === q.size;
    return q.kind === "present" ? entry !== undefined : entry === undefined;
}

/** The observation of one pending attempt, its effect looked up. */
async function observe(ctx: RunContext, p: Pending, effectOf: (q: EffectQuery) => Promise<boolean | undefined>): Promise<Observation> {
    const effect = await effectOf(p.effect);
    if (effect && p.effect.kind === "present" && p.writer) ctx.written.push({ bucket: p.effect.bucket, key: p.effect.key, writer: p.writer });
    const base: Observation = { ...outcomeOf(p.failure, effect), ...(p.failure ? { failure: p.failure } : {}), what: p.what, call: p.call, durationMs: p.durationMs };
    if (!effect || !p.keptVersion) return base;
    const gone = await effectOf({ kind: "version-gone", bucket: p.effect.bucket, key: p.effect.key, versionId: p.keptVersion.versionId });
    if (gone === undefined) return { ...base, outcome: "inconclusive", why: "no identity could see whether the replaced version was kept; give --admin-config" };
    return { ...base, control: { held: !gone, seen: gone ? "the replaced version is gone" : "the replaced version is still there" } };
}

const RANK: Readonly<Record<Observation["outcome"], number>> = { worked: 2, inconclusive: 1, refused: 0 };

/** Judge every pending attempt; several attempts of one check (other environment's buckets) count as worked if any worked. */
export async function judgePending(ctx: RunContext, pending: readonly Pending[]): Promise<void> {
    const snaps = await snapshots(ctx, pending);
    const effectOf = (p: Pending) => (q: EffectQuery): Promise<boolean | undefined> => {
        const root = runRootOf(q.key, ctx.runId);
        const snap = root !== undefined ? snaps.get(`${q.bucket}/${root}`) : undefined;
        return snap ? Promise.resolve(fromSnapshot(snap, q)) : lookUp(ctx, p, q);
    };
    const byCheck = new Map<string, { p: Pending; o: Observation }[]>();
    for (const p of pending) {
        const o = await observe(ctx, p, effectOf(p));
        const id = `${p.run.name}\u0000${p.check}`;
        byCheck.set(id, [...(byCheck.get(id) ?? []), { p, o }]);
    }
    for (const all of byCheck.values()) {
        const { p, o } = all.reduce((a, b) => (RANK[b.o.outcome] > RANK[a.o.outcome] ? b : a));
        const what = all.length > 1 ? `${all.map((x) => x.p.what).join("; ")}` : o.what;
        await ctx.judge(p.run, p.check, { ...o, what }, p.capability);
    }
}
