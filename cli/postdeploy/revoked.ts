/**
 * Keys a rotation retired or a revocation removed must be refused. Given the
 * outputs saved before that `pulumi up` (`--revoked-outputs`), every key
 * their `rcloneConfig` or `retiringConfig` holds that the current outputs no
 * longer carry is tried once more, listing its own path: the run passes only
 * when the provider refuses it. Deleting a key propagates like creating one,
 * so a key that still works is retried for the auth-retry window first.
 */
import type { ProviderName, RemoteSummary } from "../../components/outputs";
import { renderIni } from "../../components/rclone/render";
import { z } from "zod";
import { remoteSummarySchema, stackOutputsSchema } from "../../components/outputs-schema";
import { CliError } from "../shared/cli-error";
import type { RunContext } from "./context";
import { listAs } from "./observe";
import { parseIniSections, secretValues, type LoadedOutputs } from "./outputs";
import { sectionKeys } from "./provider-probes";
import { lastLines, type CallFailure } from "./verdict";
import type { RevokedResult } from "./types";

/** Refusals that show a key is gone: an unknown key, a signature it can no longer make, or a 401/403. */
const GONE: readonly CallFailure["kind"][] = ["unknown-key", "signature", "access-denied"];

export interface RevokedKey {
    /** The section's name in the saved outputs. */
    readonly section: string;
    /** Its name in this run's rclone config (sections of the saved outputs share names with the current ones). */
    readonly remote: string;
    readonly provider: ProviderName;
    readonly bucket: string;
    readonly prefix: string;
    readonly options: Readonly<Record<string, string>>;
}

// What a retire or revoke needs of the saved outputs; an older deployment's summaries may lack later fields.
const savedOutputs = stackOutputsSchema.pick({ rcloneConfig: true, retiringConfig: true }).extend({
    remotes: z.array(remoteSummarySchema.pick({ section: true, provider: true, bucket: true, prefix: true }).passthrough()),
});

/** The keys of `saved` (outputs before a retire or revoke) that `current` no longer holds. */
export function revokedKeys(saved: unknown, origin: string, current: LoadedOutputs): RevokedKey[] {
    const parsed = savedOutputs.safeParse(saved);
    if (!parsed.success) {
        throw new CliError(
            `${origin}: not the outputs of a deployment (need rcloneConfig and remotes, as ` +
                "`pulumi stack output --json --show-secrets` printed them before the retire or revoke)",
        );
    }
    const keyOf = (o: Readonly<Record<string, string>>) => sectionKeys(o).id;
    const live = new Set(current.sections.map((s) => keyOf(s.options)));
    const where = new Map(parsed.data.remotes.map((r) => [r.section, r as Pick<RemoteSummary, "provider" | "bucket" | "prefix">]));
    const out: RevokedKey[] = [];
    for (const text of [parsed.data.rcloneConfig, parsed.data.retiringConfig ?? ""]) {
        for (const [section, options] of parseIniSections(text)) {
            const at = where.get(section);
            if (!at || live.has(keyOf(options)) || out.some((k) => keyOf(k.options) === keyOf(options))) continue;
            out.push({ section, remote: `revoked-${out.length + 1}`, provider: at.provider, bucket: at.bucket, prefix: at.prefix, options });
        }
    }
    return out;
}

/** The rclone config text and secrets of the revoked keys, under their run names. */
export function revokedConfig(keys: readonly RevokedKey[]): { text: string; secrets: string[] } {
    return {
        text: renderIni(keys.map((k) => ({ name: k.remote, options: k.options }))),
        secrets: secretValues(keys),
    };
}

/** Try each revoked key on its own path until the provider refuses it or the retry window ends. */
export async function checkRevoked(ctx: RunContext, keys: readonly RevokedKey[]): Promise<RevokedResult[]> {
    const results: RevokedResult[] = [];
    for (const k of keys) results.push(await checkOne(ctx, k));
    return results;
}

async function checkOne(ctx: RunContext, k: RevokedKey): Promise<RevokedResult> {
    const started = Date.now();
    const path = `${k.bucket}/${k.prefix}`;
    for (;;) {
        const res = await listAs(ctx, k.remote, k.bucket, k.prefix);
        const failure = res.ok ? undefined : await ctx.failure(res.error, k.provider);
        if (failure && GONE.includes(failure.kind)) {
            return { section: k.section, status: "refused", detail: `list ${path}: refused (${failure.kind}): the key no longer works` };
        }
        if (failure) return { section: k.section, status: "inconclusive", detail: `list ${path}: ${failure.kind}: ${lastLines(failure.text)}` };
        if (Date.now() - started >= ctx.settings.authRetryMs) {
            return {
                section: k.section,
                status: "still-works",
                detail:
                    `list ${path}: WORKED ${Math.round((Date.now() - started) / 1000)} s after the run began: ` +
                    "the key was not deleted (is the retire or revoke deployed?)",
            };
        }
        await new Promise((ok) => setTimeout(ok, 2000));
    }
}
