/**
 * The plan's text, per host: what each host's file states under each of its
 * sections (components/rclone/host-job.ts) — role, path, flags and the job
 * line — read from the public `remotes` output, so the plan shows no secret.
 * Job lines wrap with `\` continuations: still one command when pasted.
 */
import type { RemoteSummary } from "../../components/outputs";
import { hostConfigPath, jobWords, SOURCE_PLACEHOLDER } from "../../components/rclone/host-job";
import { shellLines, TEXT_WIDTH, wrapText } from "./text-layout";

export function renderHostJobs(remotes: readonly RemoteSummary[], width = TEXT_WIDTH): string[] {
    const hosts = [...new Set(remotes.map((r) => r.host))].sort();
    if (hosts.length === 0) return [];
    return [
        ...wrapText(`Host jobs (each host's file says the same under each section; ${SOURCE_PLACEHOLDER} is the host's own):`, "", "", width),
        ...hosts.flatMap((host) =>
            hostLines(
                remotes.filter((r) => r.host === host),
                width,
            ),
        ),
    ];
}

function hostLines(remotes: readonly RemoteSummary[], width: number): string[] {
    const { host, environment } = remotes[0]!;
    return [
        ...wrapText(`${host} (${hostConfigPath(environment)}):`, "  ", "    ", width),
        ...remotes.flatMap((r) => [
            ...wrapText(`${r.role} ${r.hostSection}:${r.path} (flags: ${r.rcloneFlags.join(" ") || "none"})`, "    ", "      ", width),
            ...shellLines(jobWords(environment, r.hostSection, { role: r.role, path: r.path, flags: r.rcloneFlags }), "      ", width),
        ]),
    ];
}
