/**
 * The split for keys bound to their host's addresses (hostAddresses):
 * post-deploy runs where those addresses do not apply (CI), so it cannot
 * prove a bound key's allowed operations — every one would be refused there,
 * and rightly. Given `--from <address>` (this run's address as the providers
 * see it: the runner's public address), each section whose key is bound
 * (the permissions output's addresses, with the provider enforcing them) to
 * ranges that do not hold that address is taken out of the phases and
 * tried once, listing its own path: the expected outcome is a real refusal
 * (AccessDenied), and a key that works from there is a failure (its
 * condition is missing, or the provider does not enforce it). The allowed
 * operations are proven from inside, by the host self-test (`pull-config
 * --self-test`, docs/hosts.md). When --from is one of this machine's own
 * addresses (a loopback alias in the contract test), rclone binds to it.
 *
 * The attempt is its own short-lived rclone process, not the run's rcd: an rc
 * call cannot choose a source address (rclone shares one HTTP transport).
 */
import { networkInterfaces } from "node:os";
import { addressIn } from "../../components/network/cidr";
import { renderIni } from "../../components/rclone/render";
import type { RunContext } from "./context";
import type { BoundElsewhereResult } from "./types";
import type { DeployedSection, LoadedOutputs } from "./outputs";
import { BOUNDED_FLAGS, runRclone, withRcloneConfig } from "../shared/rclone";
import { lastLines } from "./verdict";

/** A section whose key only works from ranges that do not hold the run's address. */
export interface BoundElsewhere {
    readonly section: DeployedSection;
    readonly cidrs: readonly string[];
}

/** The ranges a section's key is enforced to, when the provider enforces them; undefined: any address. */
export function enforcedRanges(s: DeployedSection): readonly string[] | undefined {
    const addresses = s.permissions.addresses;
    if (addresses?.enforcedBy === undefined) return undefined;
    return addresses.hosts.find((h) => h.host === s.summary.host)?.cidrs;
}

/** The outputs to run the phases on, and the sections bound to ranges without `from`. */
export function splitBound(outputs: LoadedOutputs, from: string | undefined): { tested: LoadedOutputs; elsewhere: BoundElsewhere[] } {
    if (from === undefined) return { tested: outputs, elsewhere: [] };
    const elsewhere: BoundElsewhere[] = [];
    for (const section of outputs.sections) {
        const cidrs = enforcedRanges(section);
        if (cidrs !== undefined && !addressIn(from, cidrs)) elsewhere.push({ section, cidrs });
    }
    if (elsewhere.length === 0) return { tested: outputs, elsewhere };
    return { tested: { ...outputs, sections: outputs.sections.filter((s) => !elsewhere.some((e) => e.section === s)) }, elsewhere };
}

/** Whether `address` is one of this machine's (in one of its interfaces' networks), so rclone can bind to it. */
export function isLocalAddress(address: string): boolean {
    const cidrs = Object.values(networkInterfaces())
        .flat()
        .flatMap((i) => (i?.cidr ? [i.cidr] : []));
    return addressIn(address, cidrs);
}

/** Try each bound key once from here; the run's secrets are redacted from what rclone printed. */
export async function checkBoundElsewhere(ctx: RunContext, keys: readonly BoundElsewhere[], from: string, binary: string): Promise<BoundElsewhereResult[]> {
    if (keys.length === 0) return [];
    const text = renderIni(keys.map((k) => ({ name: k.section.summary.section, options: k.section.options })));
    const bind = isLocalAddress(from) ? ["--bind", from] : [];
    return withRcloneConfig("postdeploy-bound-", text, async (config) => {
        const out: BoundElsewhereResult[] = [];
        for (const k of keys) out.push(await tryOne(ctx, k, from, [binary, "--config", config, ...bind]));
        return out;
    });
}

async function tryOne(ctx: RunContext, k: BoundElsewhere, from: string, rclone: readonly string[]): Promise<BoundElsewhereResult> {
    const { summary } = k.section;
    const path = `${summary.bucket}/${summary.prefix}`;
    const base = { section: summary.section, host: summary.host, cidrs: k.cidrs };
    const [file, ...pre] = rclone;
    const res = await runRclone(file!, [...pre, "lsf", `${summary.section}:${path}`, ...BOUNDED_FLAGS, "--retries", "1"], {
        secrets: ctx.secrets,
        timeoutMs: 60_000,
    });
    const ranges = k.cidrs.join(", ");
    if (res.code === 0) {
        return { ...base, status: "works", detail: `list ${path} from ${from} WORKED, outside ${ranges}: the key is not limited to its host's addresses` };
    }
    const failure = await ctx.failure(res.stderr, summary.provider);
    if (failure.kind === "access-denied") {
        return { ...base, status: "refused", detail: `list ${path} from ${from}: refused (access-denied), as a key bound to ${ranges} must be` };
    }
    return { ...base, status: "inconclusive", detail: `list ${path} from ${from}: ${failure.kind}, not a refusal: ${lastLines(res.stderr)}` };
}
