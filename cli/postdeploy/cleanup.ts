/**
 * Phase C: remove what the run wrote. With an admin, every version under the
 * run's folders goes (so versioned buckets keep no probe history either; a
 * folder the effects were judged by is not listed again);
 * otherwise each probe is deleted by a section that may delete there, and
 * what none may delete is reported (the lifecycle rule on
 * `<prefix>postdeploy-runs/` expires it). Buckets a key could create go too.
 */
import type { RunContext } from "./context";
import type { Written } from "./run-state";
import type { DeployedSection } from "./outputs";
import { fsOf, listDir } from "./observe";
import { PROBE_ROOT, runRootOf } from "./paths";
import { covers, mayDelete } from "./section-access";
import { bucketKeepsVersions } from "./provider-probes";
import { mapLimit } from "./pool";

export async function cleanup(ctx: RunContext): Promise<void> {
    const unique = new Map<string, Written>();
    for (const w of ctx.written) if (!unique.has(`${w.bucket}/${w.key}`)) unique.set(`${w.bucket}/${w.key}`, w);
    const byBucket = new Map<string, Written[]>();
    for (const w of unique.values()) byBucket.set(w.bucket, [...(byBucket.get(w.bucket) ?? []), w]);
    // Buckets are independent: as many at once as sections are run at once.
    const rests = await mapLimit([...byBucket], ctx.settings.concurrency, ([bucket, objects]) => purgeWithAdmin(ctx, bucket, objects));
    await mapLimit(rests.flat(), ctx.settings.concurrency, (w) => deleteWithSections(ctx, w));
    await removeCreatedBuckets(ctx);
    ctx.leftovers.sort((a, b) => a.path.localeCompare(b.path));
    ctx.cleaned.sort();
    const sections = ctx.outputs.sections.filter((s) => bucketKeepsVersions(s.permissions));
    if (ctx.cleaned.length && !ctx.admin && sections.length) {
        ctx.notes.push("on versioned buckets a delete leaves a delete marker: the probes' previous versions expire with the bucket's lifecycle rule");
    }
}

/** Every version under the run's folders of this bucket, by the admin; returns what it could not remove. */
async function purgeWithAdmin(ctx: RunContext, bucket: string, objects: Written[]): Promise<Written[]> {
    const admin = ctx.adminForBucket(bucket);
    if (!admin) return objects;
    const rootOf = new Map(objects.map((w) => [w, runRootOf(w.key, ctx.runId)]));
    const roots = [...new Set([...rootOf.values()].filter((root): root is string => root !== undefined))];
    const purged = await mapLimit(roots, ctx.settings.concurrency, (root) => {
        // Listed once every attempt was made, to judge their effects: nothing was written there since.
        const listed = ctx.listedRoots.get(`${bucket}/${root}`);
        return listed && admin.api.deleteVersions ? admin.api.deleteVersions(bucket, listed) : admin.api.purgeVersions(bucket, root);
    });
    const failed = new Set(roots.filter((_, i) => !purged[i]!.ok));
    // An object outside every run folder (none is written there) is left to the sections' own deletes.
    const rest = objects.filter((w) => {
        const root = rootOf.get(w);
        return root === undefined || failed.has(root);
    });
    for (const w of objects) if (!rest.includes(w)) ctx.cleaned.push(`${w.bucket}/${w.key}`);
    return rest;
}

async function deleteWithSections(ctx: RunContext, w: Written): Promise<void> {
    const path = `${w.bucket}/${w.key}`;
    const dir = w.key.slice(0, w.key.lastIndexOf("/") + 1);
    const name = w.key.slice(dir.length);
    const candidates = [w.writer, ...ctx.allSections].filter(
        (s, i, a): s is DeployedSection =>
            s !== undefined && a.indexOf(s) === i && mayDelete(s) && covers(s, w.bucket, w.key) && !ctx.run(s.summary.section)?.unusable,
    );
    let reason = candidates.length === 0 ? `no section may delete under ${w.bucket}/${dir}; the lifecycle rule on ${PROBE_ROOT} expires it` : "";
    for (const s of candidates.slice(0, 2)) {
        const res = await ctx.rcd.call("operations/deletefile", { fs: fsOf(s.summary.section, w.bucket), remote: w.key }, ctx.settings.timeoutMs);
        const listed = await listDir(ctx, w.bucket, dir);
        if (listed ? !listed.some((e) => e.name === name) : res.ok) {
            ctx.cleaned.push(path);
            return;
        }
        reason = `delete with ${s.summary.section} failed: ${res.ok ? "still listed" : ctx.diagnosisOf(res.error, s)}`;
    }
    ctx.leftovers.push({ path, writtenBy: w.writer?.summary.section ?? "postdeploy-admin", reason });
}

async function removeCreatedBuckets(ctx: RunContext): Promise<void> {
    for (const { name, by } of ctx.createdBuckets) {
        // The admin may not own a bucket the key created: then the key itself tries.
        const admin = ctx.adminFor(by.section);
        let res = admin ? await admin.api.deleteBucket(name) : undefined;
        if (!res?.ok) res = await ctx.apiFor(by.section).deleteBucket(name);
        if (res.ok) ctx.cleaned.push(`bucket ${name}`);
        else ctx.leftovers.push({ path: `bucket ${name}`, writtenBy: by.name, reason: `could not delete the bucket: ${res.text.split("\n")[0]}` });
    }
}
