/** Shared test helpers for pull-config: real temp dirs, the real CLI in a child process, the real rclone. */
import { execFile, spawn, type SpawnOptions } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type HostSection, plainSection } from "../../components/rclone/host-file";
import type { SectionUsage } from "../../components/rclone/host-job";

export const REPO = resolve(__dirname, "..", "..");
export const MAIN = join(REPO, "cli", "pull-config", "main.ts");

/** A fresh 0700 directory; removed by the returned cleanup. */
export function tempDir(t: { after: (fn: () => void) => void }): string {
    const dir = mkdtempSync(join(tmpdir(), "pull-config-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

/** The usage of a copy section under db/, as the program gives it. */
export const COPY_USAGE: SectionUsage = { role: "copy", path: "acme-backup-staging-main/db/", flags: ["--ignore-existing"] };

export function s3Section(name: string, secret = `secret-of-${name}`, usage: SectionUsage = COPY_USAGE): HostSection {
    return {
        name,
        options: {
            type: "s3",
            provider: "AWS",
            access_key_id: `AKIA${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
            secret_access_key: secret,
            region: "eu-west-1",
            no_check_bucket: "true",
        },
        usage,
    };
}

/**
 * Outputs as the program exports them: `hosts` (sections only) and `remotes`
 * (per host and section its role, path and flags; fields pull-config does not read left out).
 */
export function outputsJson(hosts: Record<string, readonly HostSection[]>, extra: Record<string, unknown> = {}): string {
    return JSON.stringify({
        rcloneConfig: "[secret-ini-not-used-here]",
        hosts: Object.fromEntries(Object.entries(hosts).map(([h, sections]) => [h, { sections: sections.map(plainSection) }])),
        remotes: Object.entries(hosts).flatMap(([host, sections]) =>
            sections.map((s) => ({
                section: `${s.name}.${host}`,
                hostSection: s.name,
                host,
                role: s.usage.role,
                path: s.usage.path,
                rcloneFlags: s.usage.flags,
            })),
        ),
        permissions: [],
        ...extra,
    });
}

/** Write an outputs file the way an operator should: 0600. */
export function writeOutputs(dir: string, hosts: Record<string, readonly HostSection[]>, name = "outputs.json"): string {
    const path = join(dir, name);
    writeFileSync(path, outputsJson(hosts), { mode: 0o600 });
    chmodSync(path, 0o600);
    return path;
}

export interface CliRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Run `pull-config` as a user would (a child process through tsx). */
export function runCli(args: readonly string[], options: SpawnOptions & { input?: string } = {}): Promise<CliRun> {
    return new Promise((resolvePromise, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
            cwd: REPO,
            env: process.env,
            ...options,
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
        child.stdin!.end(options.input ?? "");
    });
}

/** Run a shell command line in the repository (for resource limits around the CLI). */
export function shellRun(command: string): Promise<CliRun> {
    return new Promise((resolvePromise, reject) => {
        execFile("/bin/sh", ["-c", command], { cwd: REPO }, (err, stdout, stderr) => {
            if (err !== null && typeof err.code !== "number") reject(err);
            else resolvePromise({ code: err === null ? 0 : (err.code as number), stdout, stderr });
        });
    });
}

function rcloneEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env = { ...process.env, ...extra };
    delete env.AWS_CA_BUNDLE; // breaks rclone 1.60
    return env;
}

/** What the real rclone reads from `file`: `rclone config dump` (section → options). */
export function rcloneDump(file: string): Promise<Record<string, Record<string, string>>> {
    return new Promise((resolvePromise, reject) => {
        execFile("rclone", ["config", "dump", "--config", file], { env: rcloneEnv() }, (err, stdout, stderr) => {
            if (err) reject(new Error(`rclone config dump failed: ${stderr}`));
            else resolvePromise(JSON.parse(stdout) as Record<string, Record<string, string>>);
        });
    });
}

/** Whether the real rclone can load `file` at all. */
export function rcloneAccepts(file: string): Promise<boolean> {
    return new Promise((resolvePromise) => {
        execFile("rclone", ["listremotes", "--config", file], { env: rcloneEnv() }, (err) => resolvePromise(err === null));
    });
}

export function rclone(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    return new Promise((resolvePromise, reject) => {
        execFile("rclone", [...args], { env: rcloneEnv(env) }, (err, stdout, stderr) => {
            if (err) reject(new Error(`rclone ${args.join(" ")} failed: ${stderr}`));
            else resolvePromise(stdout);
        });
    });
}

export function read(path: string): string {
    return readFileSync(path, "utf8");
}

export function mode(path: string): number {
    return statSync(path).mode & 0o777;
}
