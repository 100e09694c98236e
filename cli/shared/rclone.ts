/**
 * Facts about the rclone binary the post-deploy test and the host self-test drive: its environment,
 * the bounds on every request, the minimum version, redaction of what it prints, and one rclone
 * process run against a private config file.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Fail fast instead of rclone's default 10 low-level retries (a dead endpoint would hang for minutes). */
export const BOUNDED_FLAGS = ["--low-level-retries", "2", "--contimeout", "5s", "--timeout", "20s"] as const;

/** rclone's environment: no AWS_CA_BUNDLE (rclone 1.60 fails every call with it) and no RCLONE_* that could override the config. */
export function rcloneEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(base)) {
        if (k === "AWS_CA_BUNDLE" || k.startsWith("RCLONE_")) continue;
        env[k] = v;
    }
    return env;
}

export function redact(text: string, secrets: readonly string[]): string {
    let out = text;
    for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
    return out;
}

/**
 * The oldest rclone the generated sections work with: no_check_bucket (1.53),
 * no_head (1.54), no_head_object (1.56), multipart uploads with no_head fixed
 * (1.58.0), the no_head panic fixed (1.59.1), provider Cloudflare (1.59.0).
 */
export const MIN_RCLONE: readonly [number, number, number] = [1, 59, 1];

export function olderThan(v: readonly [number, number, number], min: readonly [number, number, number]): boolean {
    for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i]! < min[i]!;
    return false;
}

/** Parse "v1.60.1-DEV" → [1, 60, 1]. */
export function parseRcloneVersion(line: string): [number, number, number] | undefined {
    const m = /v(\d+)\.(\d+)(?:\.(\d+))?/.exec(line);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export const INSTALL_RCLONE_HINT = `install rclone ${MIN_RCLONE.join(".")} or newer (Debian: apt-get install rclone)`;

export interface RcloneRun {
    /** The exit code; -1 when rclone did not exit by itself (killed at the timeout, or not started). */
    readonly code: number;
    readonly stdout: string;
    /** What rclone printed on stderr, the secrets redacted. */
    readonly stderr: string;
}

/** One rclone process with rcloneEnv(); never throws (a failure is its code and stderr). */
export function runRclone(
    file: string,
    args: readonly string[],
    opts: { readonly secrets: readonly string[]; readonly timeoutMs: number; readonly input?: string },
): Promise<RcloneRun> {
    return new Promise((resolve) => {
        const child = execFile(file, [...args], { env: rcloneEnv(), timeout: opts.timeoutMs, maxBuffer: 8 << 20 }, (err, stdout, stderr) =>
            resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr: redact(stderr, opts.secrets) }),
        );
        child.stdin?.end(opts.input ?? "");
    });
}

/** Runs `use` with the path of an rclone config holding `text`, in a private (0700) directory removed afterwards; the file is 0600. */
export async function withRcloneConfig<T>(prefix: string, text: string, use: (config: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    try {
        const config = join(dir, "rclone.conf");
        writeFileSync(config, text, { mode: 0o600 });
        return await use(config);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
