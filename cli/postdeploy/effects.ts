/**
 * Effects of the attack phase, observed after every attempt was made and
 * judged then. An attempt records what it expects to see (an object there,
 * gone, replaced, a version gone); once all sections are done, the admin
 * lists every version under the run's folders in one call per folder, and
 * each attempt is judged against that. Without an admin for a bucket, each
 * effect is looked up on its own (a listing by a section that may list
 * there, a HEAD by one that may see versions).
 */
import type { RunContext } from "./context";
import { listDir } from "./observe";
import { runRootOf } from "./paths";
import type { VersionEntry } from "./probe-api/types";
import { versionStillThere } from "./targets";
import { mostPermissive, outcomeOf, type Observation } from "./verdict";
import { mapLimit } from "./pool";
import type { EffectQuery, Pending } from "./run-state";

/** One folder's versions, keyed by object key. */
type Snapshot = Map<string, VersionEntry[]>;

async function snapshots(ctx: RunContext, pending: readonly Pending[]): Promise<Map<string, Snapshot | undefined>> {
    const roots = new Map<string, { bucket: string; root: string }>();
    for (const p of pending) {
        if (!p.effect) continue;
        const root = runRootOf(p.effect.key, ctx.runId);
        if (root !== undefined) roots.set(`${p.effect.bucket}/${root}`, { bucket: p.effect.bucket, root });
    }
    // Folders are independent: as many listed at once as sections are run at once.
    const snaps = await mapLimit([...roots.values()], ctx.settings.concurrency, async ({ bucket, root }): Promise<Snapshot | undefined> => {
        const admin = ctx.adminForBucket(bucket);
        const res = admin ? await admin.api.listVersions(bucket, root) : undefined;
        if (!res?.ok) return undefined;
        ctx.listedRoots.set(`${bucket}/${root}`, res.value);
        const snap: Snapshot = new Map();
        for (const v of res.value) snap.set(v.key, [...(snap.get(v.key) ?? []), v]);
        return snap;
    });
    return new Map([...roots.keys()].map((id, i) => [id, snaps[i]]));
}

function fromSnapshot(snap: Snapshot, q: EffectQuery): boolean {
    const versions = snap.get(q.key) ?? [];
    const current = versions.find((v) => v.latest && !v.deleteMarker);
    switch (q.kind) {
        case "present":
            return current !== undefined;
        case "gone":
            return current === undefined;
        case "replaced":
            return current?.size === q.size;
        case "version-gone":
            return !versions.some((v) => v.versionId === q.versionId);
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
    if (!p.effect) return { ...outcomeOf(p.failure, undefined), what: p.what, call: p.call, durationMs: p.durationMs };
    const effect = await effectOf(p.effect);
    if (effect && p.effect.kind === "present" && p.writer) ctx.written.push({ bucket: p.effect.bucket, key: p.effect.key, writer: p.writer });
    const base: Observation = { ...outcomeOf(p.failure, effect), what: p.what, call: p.call, durationMs: p.durationMs };
    if (!effect || !p.keptVersion) return base;
    const gone = await effectOf({ kind: "version-gone", bucket: p.effect.bucket, key: p.effect.key, versionId: p.keptVersion.versionId });
    if (gone === undefined)
        return { ...base, outcome: "inconclusive", why: "no identity could see whether the replaced version was kept; give --admin-config" };
    return { ...base, control: { held: !gone, seen: gone ? "the replaced version is gone" : "the replaced version is still there" } };
}

/** Judge every pending attempt; several attempts of one check (other environment's buckets) count as worked if any worked. */
export async function judgePending(ctx: RunContext, pending: readonly Pending[]): Promise<void> {
    const snaps = await snapshots(ctx, pending);
    const effectOf =
        (p: Pending) =>
        (q: EffectQuery): Promise<boolean | undefined> => {
            const root = runRootOf(q.key, ctx.runId);
            const snap = root !== undefined ? snaps.get(`${q.bucket}/${root}`) : undefined;
            return snap ? Promise.resolve(fromSnapshot(snap, q)) : lookUp(ctx, p, q);
        };
    const observed = await mapLimit(pending, ctx.settings.concurrency, (p) => observe(ctx, p, effectOf(p)));
    const byCheck = new Map<string, { p: Pending; o: Observation }[]>();
    pending.forEach((p, i) => {
        const id = `${p.run.name}\u0000${p.check}`;
        byCheck.set(id, [...(byCheck.get(id) ?? []), { p, o: observed[i]! }]);
    });
    for (const all of byCheck.values()) {
        const { p, o } = mostPermissive(all, (x) => x.o.outcome);
        const what = all.length > 1 ? `${all.map((x) => x.p.what).join("; ")}` : o.what;
        await ctx.judge(p.run, p.check, { ...o, what }, p.capability);
    }
}
