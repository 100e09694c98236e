/**
 * `pull-config --self-test`: the host's side of the split for keys bound to
 * host addresses (docs/postdeploy.md). CI, outside the host's ranges, proves
 * a bound key refused; only the host can prove that what its role may do
 * works from where it is allowed. With the host's own sections (its sealed
 * file opened with its key, or the outputs), each section's own-scope checks
 * run with the real rclone from the host (`--bind` picks a local source
 * address):
 *   list: every role; write: allowed to copy and sync, refused to verify;
 *   read and delete of the probe object: allowed to sync, refused to copy;
 *   verify reads the first object under its path (none yet: inconclusive).
 * Each check ends worked, refused or inconclusive; it passes when the outcome
 * is the role's. A verify key's delete is not tried: it would aim at a
 * backup. The probe is one object per section path,
 * `<path>/backup-remotes-self-test.txt`, overwritten each run; a copy key
 * cannot delete it, so it stays (a few bytes). Nothing is written to the
 * rclone config; the sections go to a private temporary file.
 */
import { type Capability, roleAllows } from "../../components/permissions/roles";
import type { HostSection } from "../../components/rclone/host-file";
import { plainSection } from "../../components/rclone/host-file";
import { renderIni } from "../../components/rclone/render";
import { classifyError } from "../shared/error-kind";
import { type RcloneRun, runRclone, withRcloneConfig } from "../shared/rclone";

export type Outcome = "worked" | "refused" | "inconclusive";

export interface SelfTestCheck {
    readonly section: string;
    readonly check: "list" | Capability;
    readonly expected: Exclude<Outcome, "inconclusive">;
    readonly outcome: Outcome;
    readonly detail: string;
}

export interface SelfTestOptions {
    readonly rcloneBinary?: string;
    /** A local address rclone binds its connections to (rclone --bind). */
    readonly bind?: string;
}

export const PROBE_NAME = "backup-remotes-self-test.txt";

/** Bounded like post-deploy's calls: a refusal is not retried for minutes. */
const BOUNDED = ["--retries", "1", "--low-level-retries", "1", "--contimeout", "5s", "--timeout", "20s"];

type Rclone = (args: readonly string[], input?: string) => Promise<RcloneRun>;

export async function runSelfTest(sections: readonly HostSection[], options: SelfTestOptions = {}): Promise<SelfTestCheck[]> {
    const secrets = sections.flatMap((s) => Object.values(s.options).filter((v) => v.length >= 16));
    return withRcloneConfig("pull-config-self-test-", renderIni(sections.map(plainSection)), async (config) => {
        const rclone: Rclone = (args, input) =>
            runRclone(options.rcloneBinary ?? "rclone", ["--config", config, ...(options.bind ? ["--bind", options.bind] : []), ...BOUNDED, ...args], {
                secrets,
                timeoutMs: 120_000,
                ...(input !== undefined ? { input } : {}),
            });
        const out: SelfTestCheck[] = [];
        for (const s of sections) out.push(...(await sectionChecks(s, rclone)));
        return out;
    });
}

function expectation(s: HostSection, c: Capability): "worked" | "refused" {
    return roleAllows(s.usage.role, c) ? "worked" : "refused";
}

async function sectionChecks(s: HostSection, rclone: Rclone): Promise<SelfTestCheck[]> {
    const flags = s.usage.flags;
    const base = `${s.name}:${s.usage.path}${s.usage.path.endsWith("/") ? "" : "/"}`;
    const probe = `${base}${PROBE_NAME}`; // rcat writes by name: a PutObject, nothing read first
    const out: SelfTestCheck[] = [];
    const judge = async (check: SelfTestCheck["check"], expected: "worked" | "refused", what: string, args: string[], input?: string) => {
        const res = await rclone([...flags, ...args], input);
        out.push({ section: s.name, check, expected, ...outcomeOf(res, what) });
        return res;
    };
    const list = await judge("list", "worked", `list ${s.usage.path}`, ["lsf", "--files-only", "-R", "--max-depth", "3", base]);
    await judge("write", expectation(s, "write"), `write ${PROBE_NAME}`, ["rcat", probe], `self-test ${new Date().toISOString()}\n`);
    if (s.usage.role === "verify") {
        const first = list.code === 0 ? list.stdout.split("\n").find((l) => l !== "") : undefined;
        if (first === undefined) {
            out.push({ section: s.name, check: "read", expected: "worked", outcome: "inconclusive", detail: `nothing under ${s.usage.path} to read yet` });
        } else {
            await judge("read", "worked", `read ${first}`, ["cat", "--count", "1", `${base}${first}`]);
        }
        return out;
    }
    // Addressed through a listing (--include), so rclone GETs or DELETEs the object itself: by name it would HEAD
    // it first, and a key without read would be refused at the HEAD whatever it may delete.
    const only = ["--include", `/${PROBE_NAME}`, "--max-depth", "1", base];
    const there = await rclone([...flags, "lsf", "--files-only", ...only]);
    if (!there.stdout.split("\n").includes(PROBE_NAME)) {
        for (const check of ["read", "delete"] as const) {
            const detail = `${PROBE_NAME} is not under ${s.usage.path} (the write did not work), nothing to aim at`;
            out.push({ section: s.name, check, expected: expectation(s, check), outcome: "inconclusive", detail });
        }
        return out;
    }
    await judge("read", expectation(s, "read"), `read ${PROBE_NAME}`, ["cat", ...only]);
    await judge("delete", expectation(s, "delete"), `delete ${PROBE_NAME}`, ["delete", ...only]);
    return out;
}

/**
 * A refusal only as the providers say it (cli/shared/error-kind.ts, the post-deploy test's reading): the whole
 * text is classified, so a 403 that is a bad signature or an unknown key is inconclusive, never refused.
 */
export function outcomeOf(res: { code: number; stderr: string }, what: string): { outcome: Outcome; detail: string } {
    if (res.code === 0) return { outcome: "worked", detail: `${what}: worked` };
    const last = res.stderr.trim().split("\n").slice(-2).join(" ").slice(0, 300);
    const kind = classifyError(res.stderr);
    if (kind === "access-denied") return { outcome: "refused", detail: `${what}: refused (${last})` };
    return { outcome: "inconclusive", detail: `${what}: failed, not a refusal (${kind}: ${last})` };
}

/** The report: one line per check, then the result. */
export function renderSelfTest(checks: readonly SelfTestCheck[]): string[] {
    const lines = checks.map((c) => {
        const verdict = c.outcome === c.expected ? "ok" : c.outcome === "inconclusive" ? "INCONCLUSIVE" : c.outcome === "worked" ? "OVER-PRIVILEGED" : "FAILED";
        return `${c.section} ${c.check}: expected ${c.expected}, ${c.outcome} — ${verdict}: ${c.detail}`;
    });
    const passed = selfTestPassed(checks);
    return [...lines, passed ? `self-test: all ${checks.length} checks passed` : "self-test: FAILED"];
}

export function selfTestPassed(checks: readonly SelfTestCheck[]): boolean {
    return checks.length > 0 && checks.every((c) => c.outcome === c.expected);
}
