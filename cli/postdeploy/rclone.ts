/**
 * Running the real rclone binary against a private, temporary 0600 config.
 * Every invocation is bounded (rclone's own retries kept low, plus a hard
 * timeout that kills the process) and its stderr is redacted before anyone
 * sees it.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "../shared/cli-error";

export interface RcloneResult {
    readonly code: number | null;
    readonly stdout: Buffer;
    /** Redacted. */
    readonly stderr: string;
    readonly timedOut: boolean;
    readonly durationMs: number;
}

/** Fail fast instead of rclone's default 3 × 10 retries (a dead endpoint would hang for minutes). */
export const BOUNDED_FLAGS = ["--retries", "1", "--low-level-retries", "2", "--contimeout", "5s", "--timeout", "20s"] as const;

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

export class RcloneWorkspace {
    readonly dir: string;
    readonly configPath: string;
    /** rclone processes started so far (each costs ~0.1 s of CPU at start-up). */
    calls = 0;
    private readonly env = rcloneEnv();

    private constructor(dir: string, private readonly secrets: readonly string[], private readonly binary: string) {
        this.dir = dir;
        this.configPath = join(dir, "rclone.conf");
    }

    /** A private directory (0700) holding the config (0600). Remove with `dispose()`. */
    static create(configText: string, secrets: readonly string[], binary = "rclone"): RcloneWorkspace {
        const dir = mkdtempSync(join(tmpdir(), "postdeploy-"));
        chmodSync(dir, 0o700);
        const ws = new RcloneWorkspace(dir, secrets, binary);
        writeFileSync(ws.configPath, configText, { mode: 0o600 });
        chmodSync(ws.configPath, 0o600);
        return ws;
    }

    run(args: readonly string[], timeoutMs: number): Promise<RcloneResult> {
        const started = Date.now();
        this.calls++;
        return new Promise((resolve) => {
            execFile(this.binary, ["--config", this.configPath, ...BOUNDED_FLAGS, ...args], {
                env: this.env, timeout: timeoutMs, killSignal: "SIGKILL", encoding: "buffer", maxBuffer: 64 * 1024 * 1024,
            }, (err, stdout, stderr) => {
                const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
                const timedOut = Boolean(e?.killed);
                let text = redact(stderr.toString("utf8"), this.secrets);
                if (e && typeof e.code === "string") text += `\ncannot run ${this.binary}: ${e.code}`;
                if (timedOut) text += `\n(killed after the ${Math.round(timeoutMs / 1000)} s check timeout)`;
                resolve({
                    code: e ? (typeof e.code === "number" ? e.code : null) : 0,
                    stdout, stderr: text.trim(), timedOut, durationMs: Date.now() - started,
                });
            });
        });
    }

    dispose(): void {
        rmSync(this.dir, { recursive: true, force: true });
    }
}

/** `rclone version`'s first line, e.g. "rclone v1.60.1-DEV". */
export async function rcloneVersion(binary = "rclone"): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(binary, ["version"], { env: rcloneEnv(), timeout: 10_000 }, (err, stdout) => {
            if (err) {
                reject(new CliError(`cannot run ${binary} (${(err as NodeJS.ErrnoException).code ?? err.message}): install rclone ` +
                    `${MIN_RCLONE.join(".")} or newer (Debian: apt-get install rclone; or scripts/install-test-deps.sh)`));
            }
            else resolve(stdout.split("\n")[0]?.trim() ?? "");
        });
    });
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
