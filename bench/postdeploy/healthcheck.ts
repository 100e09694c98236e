/**
 * The classic four-command rclone healthcheck the post-deploy run is compared with (issue 19): `rclone
 * listremotes`, then `lsd`, `mkdir` and `rmdir` on each section, one real rclone process per command,
 * one after another as a shell script runs them. A command that fails fails the bench: a healthcheck that
 * does not pass is no baseline.
 */
import { timed } from "./measure";

export interface HealthcheckRun {
    readonly wallS: number;
    readonly cpuMs: number;
    readonly processes: number;
}

export async function healthcheck(rcloneConfig: string, remotes: readonly string[], cwd: string): Promise<HealthcheckRun> {
    const stamp = `healthcheck-${process.pid}-${Date.now()}`;
    const commands: string[][] = [["listremotes"]];
    for (const r of remotes) commands.push(["lsd", r], ["mkdir", `${r}${stamp}`], ["rmdir", `${r}${stamp}`]);
    const t0 = process.hrtime.bigint();
    let cpuMs = 0;
    for (const c of commands) {
        const run = await timed("rclone", [...c, "--config", rcloneConfig], cwd);
        if (run.code !== 0) throw new Error(`healthcheck: rclone ${c.join(" ")} exited ${run.code}:\n${run.stderr.slice(-800)}`);
        cpuMs += run.cpuMs;
    }
    return { wallS: Number(process.hrtime.bigint() - t0) / 1e9, cpuMs, processes: commands.length };
}
