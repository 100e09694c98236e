/**
 * The objects a section's checks aim at. Every object a check may remove or
 * change belongs to one section: only that section's attempt can remove or
 * change it, so one key's excess never shows up on another's report line.
 * (A read changes nothing, so sections of the same prefix share one read
 * target.) Written, in this order of preference, by the admin
 * (--admin-config), by the section itself when it may write, or by another
 * section that may write somewhere within the section's scope; through the
 * provider API, which returns the version ids the version checks need.
 */
import { randomBytes } from "node:crypto";
import type { RunContext } from "./context";
import { sha256 } from "./observe";
import { runRoot, targetsDir } from "./paths";
import { covers, mayObserveVersions, mayWrite } from "./section-access";
import { bucketKeepsVersions } from "./provider-probes";
import type { ProbeApi } from "./probe-api/types";
import type { Prepared, SectionRun, Target, Versioned } from "./run-state";

interface Writer {
    readonly name: string;
    readonly api: ProbeApi;
    /** Folder the targets go into, within the attacked section's scope. */
    readonly dir: string;
}

/** Whose a target is, for the report: the section's own, or the writer's. */
export function whose(r: SectionRun, t: Target): string {
    return t.writer === r.name ? "its own object" : `an object written by ${t.writer}`;
}

function writerFor(ctx: RunContext, r: SectionRun): Writer | undefined {
    const dir = `${r.runDir}targets/`;
    const admin = ctx.adminFor(r.section);
    if (admin) return { name: admin.section, api: admin.api, dir };
    if (mayWrite(r.section) && !r.unusable) return { name: r.name, api: ctx.apiFor(r.section), dir };
    const s = r.section.summary;
    for (const w of ctx.runs) {
        const wdir = targetsDir(w.section.summary.prefix, ctx.runId, r.name);
        if (w !== r && !w.unusable && mayWrite(w.section) && covers(w.section, s.bucket, wdir) && covers(r.section, s.bucket, wdir)) {
            return { name: w.name, api: ctx.apiFor(w.section), dir: wdir };
        }
    }
    return undefined;
}

/** Write `versions` versions of one fresh object; the targets in the order written (the last is current). */
async function writeVersions(ctx: RunContext, r: SectionRun, w: Writer, name: string, versions: number): Promise<Prepared<Target[]>> {
    const bucket = r.section.summary.bucket;
    const key = `${w.dir}${name}`;
    const written: Target[] = [];
    for (let i = 0; i < versions; i++) {
        const body = randomBytes(1024 + i);
        const put = await w.api.putObject(bucket, key, body);
        if (!put.ok) return { why: `${w.name} could not write the target ${bucket}/${key}: ${put.text.split("\n")[0]}` };
        ctx.written.push({ bucket, key, ...(w.name === r.name ? { writer: r.section } : {}) });
        written.push({
            bucket,
            key,
            sha256: sha256(body),
            size: body.length,
            writer: w.name,
            ...(put.value.versionId ? { versionId: put.value.versionId } : {}),
        });
    }
    return { target: written };
}

/** A fresh object for one destructive check of this section. */
export async function prepareTarget(ctx: RunContext, r: SectionRun, name: string): Promise<Prepared> {
    const w = writerFor(ctx, r);
    if (!w) return { why: "no identity may write a target within this section's scope; give --admin-config" };
    const res = await writeVersions(ctx, r, w, name, 1);
    return "why" in res ? res : { target: res.target[0]! };
}

/**
 * One object per section for the version checks: two versions where the bucket
 * keeps versions. The version delete aims at the first, the overwrite at the
 * second, so neither attempt can change what the other looks at.
 */
export function versionedTarget(ctx: RunContext, r: SectionRun): Promise<Prepared<Versioned>> {
    r.versioned ??= (async () => {
        const w = writerFor(ctx, r);
        if (!w) return { why: "no identity may write a target within this section's scope; give --admin-config" };
        const keeps = bucketKeepsVersions(r.section.permissions);
        const res = await writeVersions(ctx, r, w, "versioned.bin", keeps ? 2 : 1);
        if ("why" in res) return res;
        return { target: keeps ? { noncurrent: res.target[0]!, current: res.target[1]! } : { current: res.target[0]! } };
    })();
    return r.versioned;
}

/**
 * The object a read check reads: one this section did not write (the admin's,
 * one per prefix, or another section's probe), because some servers let an
 * uploader read its own objects whatever its grants; its own probe only as a
 * last resort.
 */
export async function readTarget(ctx: RunContext, r: SectionRun): Promise<{ target: Target; own: boolean } | { why: string }> {
    const s = r.section.summary;
    const admin = ctx.adminFor(r.section);
    if (admin) {
        const dir = `${runRoot(s.prefix, ctx.runId)}targets/`;
        const shared = ctx.memo(`read-target\u0000${s.bucket}\u0000${dir}`, () =>
            writeVersions(ctx, r, { name: admin.section, api: admin.api, dir }, "read.bin", 1),
        );
        const t = await shared;
        return "target" in t ? { target: t.target[0]!, own: false } : t;
    }
    const foreign = ctx.runs.find((o) => o !== r && o.ownProbe && o.ownProbe.bucket === s.bucket && covers(r.section, s.bucket, o.ownProbe.key));
    if (foreign?.ownProbe) return { target: foreign.ownProbe, own: false };
    if (r.ownProbe) return { target: r.ownProbe, own: true };
    return { why: "no object within this section's scope to read: no identity wrote one; give --admin-config" };
}

/** Whether a version still exists, as seen by the admin or a section that may see versions there (undefined: nobody can tell). */
export async function versionStillThere(ctx: RunContext, r: SectionRun, target: Pick<Target, "bucket" | "key" | "versionId">): Promise<boolean | undefined> {
    if (!target.versionId) return undefined;
    // The bucket's admin: the target may lie in a bucket that is not the section's (matrix.ts).
    const admin = ctx.adminForBucket(target.bucket) ?? ctx.adminFor(r.section);
    const lookers = [
        ...(admin ? [admin.api] : []),
        ...ctx.runs
            .filter((o) => !o.unusable && mayObserveVersions(o.section) && covers(o.section, target.bucket, target.key))
            .map((o) => ctx.apiFor(o.section)),
    ];
    for (const api of lookers.slice(0, 3)) {
        const res = await api.versionExists(target.bucket, target.key, target.versionId);
        if (res.ok && res.value !== undefined) return res.value;
    }
    return undefined;
}

/**
 * A fresh object in a scope the section does not own (matrix.ts), `versions`
 * versions of it, written by the admin of that bucket or by a section that may
 * write there, never by the attacking section itself (some servers let an
 * uploader read what it wrote).
 */
export async function seedTarget(ctx: RunContext, attacker: SectionRun, bucket: string, key: string, versions: number): Promise<Prepared<Versioned>> {
    const dir = key.slice(0, key.lastIndexOf("/") + 1);
    const admin = ctx.adminForBucket(bucket);
    const section = admin
        ? undefined
        : ctx.allSections.find(
              (s) =>
                  s !== attacker.section &&
                  mayWrite(s) &&
                  covers(s, bucket, dir) &&
                  !covers(attacker.section, bucket, dir) &&
                  !ctx.run(s.summary.section)?.unusable,
          );
    if (!admin && !section) return { why: `no identity may write a target in ${bucket}/${dir}; give --admin-config` };
    const name = admin?.section ?? section!.summary.section;
    const api = admin?.api ?? ctx.apiFor(section!);
    const written: Target[] = [];
    for (let i = 0; i < versions; i++) {
        const body = randomBytes(1024 + i);
        const put = await api.putObject(bucket, key, body);
        if (!put.ok) return { why: `${name} could not write the target ${bucket}/${key}: ${put.text.split("\n")[0]}` };
        ctx.written.push({ bucket, key, ...(section ? { writer: section } : {}) });
        written.push({
            bucket,
            key,
            sha256: sha256(body),
            size: body.length,
            writer: name,
            ...(put.value.versionId ? { versionId: put.value.versionId } : {}),
        });
    }
    const current = written[written.length - 1]!;
    return { target: written.length > 1 ? { noncurrent: written[0]!, current } : { current } };
}
