/** Test keys and sealed configs for the sealing tests: real age keys, the real staging stack. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanResult } from "../../cli/plan/run";
import { readStackConfig, type StackConfig } from "../../cli/plan/stack-config";
import type { HostsOutput, RemoteSummary } from "../../components/outputs";
import type { HostSection } from "../../components/rclone/host-file";
import { type AgeKey, ageKeygen } from "../support/age";
import { REPO } from "../pull-config/helpers";

export const STAGING_HOSTS = ["db1", "files1", "monitor1"] as const;

/** One fresh age key per host (and per extra name), made by the real age-keygen in `dir`. */
export function hostKeys(dir: string, names: readonly string[] = STAGING_HOSTS): Record<string, AgeKey> {
    return Object.fromEntries(names.map((n) => [n, ageKeygen(dir, n)]));
}

/** The staging stack's config with hostKeys (and optional extra namespace keys) set. */
export function sealedStaging(keys: Record<string, AgeKey>, extra: Record<string, unknown> = {}): StackConfig {
    const base = readStackConfig(REPO, "staging");
    const values: Record<string, string> = { ...base.values };
    values["backup-remotes:hostKeys"] = JSON.stringify(
        Object.fromEntries(STAGING_HOSTS.filter((h) => keys[h] !== undefined).map((h) => [h, keys[h]!.recipient])),
    );
    for (const [k, v] of Object.entries(extra)) values[`backup-remotes:${k}`] = JSON.stringify(v);
    return { values, secretKeys: base.secretKeys };
}

/** Write one host's entry of sealedHosts as the host would receive it. */
export function writeSealed(dir: string, host: string, armored: string): string {
    const path = join(dir, `${host}.age`);
    writeFileSync(path, armored);
    return path;
}

/** Values a host must never receive from another host's sections: key ids and secrets. */
export const CREDENTIAL_OPTIONS = ["access_key_id", "secret_access_key", "account", "key"] as const;

/** A host's sections from a plan with their usage: `hosts` joined with `remotes`, as the sealed file renders them. */
export function hostSectionsOf(plan: PlanResult, host: string): HostSection[] {
    const remotes = (plan.outputs.remotes.value as RemoteSummary[]).filter((r) => r.host === host);
    return (plan.outputs.hosts.value as HostsOutput)[host]!.sections.map((s) => {
        const r = remotes.find((x) => x.hostSection === s.name)!;
        return { ...s, usage: { role: r.role, path: r.path, flags: r.rcloneFlags } };
    });
}

/** A host's paths (docs/hosts.md, examples/host/) moved under `dir`: etc-backup-remotes/, etc-rclone/, var-lib/. */
export function movePaths(text: string, dir: string): string {
    return text
        .replaceAll("/etc/backup-remotes/", `${dir}/etc-backup-remotes/`)
        .replaceAll("/etc/rclone/", `${dir}/etc-rclone/`)
        .replaceAll("/var/lib/backup-remotes/", `${dir}/var-lib/`);
}

/** `armored` with one base64 character of its last full line flipped: a damaged last chunk. */
export function damaged(armored: string): string {
    const lines = armored.split("\n");
    lines[lines.length - 3] = lines[lines.length - 3]!.replace(/^(.{8})(.)/, (_, a: string, c: string) => a + (c === "A" ? "B" : "A"));
    return lines.join("\n");
}
