/**
 * Reading an object with a section the way rclone really GETs it: rc
 * `operations/copyfile` from `<section>:<bucket>` + the object's key (so a
 * section with no_head_object cannot take the path for a directory and
 * succeed with nothing) into the daemon's private directory, then comparing
 * the bytes with what was written.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import type { RunContext } from "./context";
import type { SectionRun, Target } from "./run-state";
import { fsOf, sha256 } from "./observe";
import type { Outcome } from "./types";
import type { CallFailure } from "./verdict";

export interface ReadSeen {
    readonly outcome: Outcome;
    readonly failure?: CallFailure;
    readonly why?: string;
    readonly durationMs: number;
}

let downloads = 0;

export async function readWithSection(ctx: RunContext, r: SectionRun, target: Target): Promise<ReadSeen> {
    const dir = ctx.rcd.localPath("downloads");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const name = `read-${++downloads}`;
    const res = await ctx.rcd.call(
        "operations/copyfile",
        {
            srcFs: fsOf(r.name, target.bucket),
            srcRemote: target.key,
            dstFs: dir,
            dstRemote: name,
        },
        ctx.settings.timeoutMs,
    );
    const path = `${dir}/${name}`;
    const got = existsSync(path) ? readFileSync(path) : undefined;
    rmSync(path, { force: true });
    if (!res.ok) {
        const failure = await ctx.failure(res.error, r.section.summary.provider);
        return { outcome: failure.kind === "access-denied" ? "refused" : "inconclusive", failure, durationMs: res.durationMs };
    }
    if (got && sha256(got) === target.sha256) return { outcome: "worked", durationMs: res.durationMs };
    return {
        outcome: "inconclusive",
        durationMs: res.durationMs,
        why: got ? `rclone exited 0 but the ${got.length} bytes it read are not the object's ${target.size}` : "rclone exited 0 without reading anything",
    };
}
