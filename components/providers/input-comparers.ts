/**
 * The ways a credential input can change what its key may do, as comparers a
 * profile's credential-input table is built from: a set of grants, a prefix,
 * an expiry instant or lifetime, ids that bound what is reached, address
 * ranges, nested settings. Each says which way a change goes; what an absent
 * value means is part of each (no prefix: the whole bucket; no expiry:
 * never; no address list: any address). Generic: no provider is named here.
 */
import { isDeepStrictEqual } from "node:util";
import { effectiveOfGrants, statusRank, type AccessModel } from "../permissions/access";
import { CAPABILITIES } from "../permissions/roles";
import { cidrCovered, patternCovered } from "./input-coverage";
import { malformed, show, unclassified, type CompareInput, type InputAspect, type InputChange, type InputClass } from "./credential-inputs";

export const change = (aspect: InputAspect, cls: InputClass, text: string): InputChange => ({ aspect, class: cls, text });

/** Swaps escalation and reduction: for what a deny statement or a deny list lists. */
export function flipped(c: InputChange): InputChange {
    if (c.unclassified || c.class === "neutral") return c;
    return { ...c, class: c.class === "escalation" ? "reduction" : "escalation" };
}

const list = (v: unknown): string[] =>
    v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));

/** A setting that changes no reach (a name, a tag, a path): neutral either way. */
export function neutral(aspect: InputAspect = "identity"): CompareInput {
    return (b, a, path) => [change(aspect, "neutral", `\`${path}\` ${show(b)} → ${show(a)}`)];
}

/** Any change widens or moves what the key reaches and cannot be ranked: an escalation, for a person to judge. */
export function anyChangeEscalates(aspect: InputAspect, why: string): CompareInput {
    return (b, a, path) => [change(aspect, "escalation", `\`${path}\` ${show(b)} → ${show(a)}: ${why}`)];
}

export interface GrantSetOptions {
    readonly aspect: InputAspect;
    /** Entries are patterns with `*` and `?` (IAM actions and ARNs): a new entry an old one covers widens nothing. */
    readonly wildcards?: boolean;
    /** Entries a value stands for (address ranges): a new range inside an old one widens nothing. */
    readonly covered?: (entry: string, olds: readonly string[]) => boolean;
}

/** A list whose every entry adds reach (actions, capabilities, resources, allowed values): absent is empty. */
export function grantSet(opts: GrantSetOptions): CompareInput {
    const covered = opts.covered ?? (opts.wildcards ? patternCovered : (e: string, olds: readonly string[]) => olds.includes(e));
    return (b, a, path) => {
        const before = list(b);
        const after = list(a);
        const added = after.filter((x) => !before.includes(x));
        const removed = before.filter((x) => !after.includes(x));
        const wider = added.filter((x) => !covered(x, before));
        const lost = removed.filter((x) => !covered(x, after));
        const text = [...added.map((x) => `+${x}`), ...removed.map((x) => `−${x}`)].join(", ");
        if (wider.length > 0) return [change(opts.aspect, "escalation", `\`${path}\` ${text}`)];
        if (lost.length > 0) return [change(opts.aspect, "reduction", `\`${path}\` ${text}`)];
        if (text !== "") return [change(opts.aspect, "neutral", `\`${path}\` ${text}: the same reach`)];
        return [change(opts.aspect, "neutral", `\`${path}\` reordered: ${show(after)}`)];
    };
}

/**
 * Grants ranked by what they really allow (the provider's access model): a
 * grant replaced by one that allows no more is a reduction, not an
 * escalation. A grant the model does not know is an escalation.
 */
export function rankedGrants(access: AccessModel, nameOf: (entry: string) => string | undefined = (e) => e): CompareInput {
    return (b, a, path) => {
        const [before, after] = [list(b), list(a)];
        const names = (l: string[]) => l.map((e) => nameOf(e) ?? `unknown grant ${e}`);
        const text = `\`${path}\` ${show(names(before))} → ${show(names(after))}`;
        const unknown = after.filter((e) => !before.includes(e) && !access.grants.some((g) => g.name === nameOf(e)));
        if (unknown.length > 0) return [change("actions", "escalation", `${text}: a grant the access model does not know`)];
        const [was, now] = [effectiveOfGrants(access, names(before)), effectiveOfGrants(access, names(after))];
        const gained = CAPABILITIES.filter((c) => statusRank(now[c]) > statusRank(was[c]));
        const lost = CAPABILITIES.filter((c) => statusRank(now[c]) < statusRank(was[c]));
        if (gained.length > 0) return [change("actions", "escalation", `${text}: can now ${gained.join(", ")}`)];
        if (lost.length > 0) return [change("actions", "reduction", `${text}: can no longer ${lost.join(", ")}`)];
        return [change("actions", "neutral", `${text}: allows the same`)];
    };
}

/** A name prefix the key is limited to; absent or "" is the whole bucket. */
export function namePrefix(): CompareInput {
    return (b, a, path) => {
        const [was, now] = [b === undefined || b === null ? "" : String(b), a === undefined || a === null ? "" : String(a)];
        const where = (p: string) => (p === "" ? "none (the whole bucket)" : `\`${p}\``);
        const text = `\`${path}\` ${where(was)} → ${where(now)}`;
        if (was === now) return [change("resources", "neutral", `${text}: the same reach`)];
        if (was.startsWith(now)) return [change("resources", "escalation", `${text}: widened`)];
        if (now.startsWith(was)) return [change("resources", "reduction", `${text}: narrowed`)];
        return [change("resources", "escalation", `${text}: moved to other objects`)];
    };
}

/** An instant ranked on a timeline: undefined when it does not parse. */
const instantOf = (v: unknown): number | undefined => {
    const t = typeof v === "string" ? Date.parse(v) : Number.NaN;
    return Number.isNaN(t) ? undefined : t;
};

/**
 * When the key stops working (`kind: "end"`: absent is never) or starts
 * (`"start"`: absent is from creation). Later ends and earlier starts
 * escalate; an instant that does not parse cannot be ranked and escalates.
 */
export function instant(kind: "end" | "start"): CompareInput {
    return (b, a, path) =>
        kind === "end"
            ? timeline(path, b, a, { rank: instantOf, direction: 1, absent: "never", fmt: show, ...EXPIRY_WORDS })
            : timeline(path, b, a, {
                  rank: instantOf,
                  direction: -1,
                  absent: "from creation",
                  fmt: show,
                  removed: "valid from its creation",
                  added: "not valid before it",
                  further: "valid earlier",
                  nearer: "valid later",
              });
}

export const EXPIRY_WORDS = { removed: "no longer expires", added: "now expires", further: "expires later", nearer: "expires sooner" } as const;

/** A lifetime in seconds from the key's creation; absent is forever. */
export function lifetimeSeconds(): CompareInput {
    const seconds = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
    const text = (v: unknown) => (typeof v === "number" ? `${v} (${Math.round((v / 86_400) * 100) / 100} days)` : show(v));
    return (b, a, path) => timeline(path, b, a, { rank: seconds, direction: 1, absent: "never", fmt: text, ...EXPIRY_WORDS });
}

export interface Timeline {
    readonly rank: (v: unknown) => number | undefined;
    /** 1: a larger value reaches further (an end); -1: a smaller one does (a start). */
    readonly direction: 1 | -1;
    /** What no value means (it reaches furthest), and how each side reads. */
    readonly absent: string;
    readonly fmt: (v: unknown) => string;
    /** What it means that the bound went away or came, moved further or nearer. */
    readonly removed: string;
    readonly added: string;
    readonly further: string;
    readonly nearer: string;
}

/** A bound on a timeline (an expiry, a start, a date condition): further is an escalation, and so is no bound. */
export function timeline(path: string, b: unknown, a: unknown, t: Timeline): InputChange[] {
    const { rank, direction, absent, fmt } = t;
    const text = `\`${path}\` ${b === undefined ? absent : fmt(b)} → ${a === undefined ? absent : fmt(a)}`;
    if (a === undefined) return [change("expiry", "escalation", `${text}: ${t.removed}`)];
    if (b === undefined) return [change("expiry", "reduction", `${text}: ${t.added}`)];
    const [was, now] = [rank(b), rank(a)];
    if (was === undefined || now === undefined) return [change("expiry", "escalation", `${text}: not a value the diff can rank; judge it by hand`)];
    if (now === was) return [change("expiry", "neutral", `${text}: the same instant`)];
    const further = (now - was) * direction > 0;
    return [change("expiry", further ? "escalation" : "reduction", `${text}: ${further ? t.further : t.nearer}`)];
}

/** Ids the key is limited to (buckets, accounts); absent is every one the provider would allow. */
export function boundingIds(aspect: InputAspect, absent: string): CompareInput {
    const set = grantSet({ aspect });
    return (b, a, path) => {
        if (a === undefined) return [change(aspect, "escalation", `\`${path}\` ${show(b)} → none: now ${absent}`)];
        if (b === undefined) return [change(aspect, "reduction", `\`${path}\` none (${absent}) → ${show(a)}`)];
        return set(b, a, path);
    };
}

/** Address ranges a key is accepted from (`allow`: absent is any address) or refused from (`deny`). */
export function addressRanges(kind: "allow" | "deny"): CompareInput {
    const set = grantSet({ aspect: "network", covered: (e, olds) => olds.some((o) => cidrCovered(e, o)) });
    return (b, a, path) => {
        if (kind === "allow" && a === undefined) return [change("network", "escalation", `\`${path}\` ${show(b)} → none: accepted from any address`)];
        if (kind === "allow" && b === undefined) return [change("network", "reduction", `\`${path}\` none (any address) → ${show(a)}`)];
        if (kind === "allow") return set(b, a, path);
        // A deny list read backwards: what leaves it (and no other entry still covers) is reachable again.
        return set(a, b, path).map((c) => ({ ...c, text: `\`${path}\` ${show(b)} → ${show(a)}` }));
    };
}

/** A nested object whose every field has its own comparer; absent is an empty object, an unknown field is unclassified. */
export function fields(byField: Readonly<Record<string, CompareInput>>): CompareInput {
    return (b, a, path) => {
        const [rb, ra] = [record(b), record(a)];
        if (rb === undefined || ra === undefined) return [malformed(path, b, a)];
        const out: InputChange[] = [];
        for (const key of [...new Set([...Object.keys(rb), ...Object.keys(ra)])].sort()) {
            if (isDeepStrictEqual(rb[key], ra[key])) continue;
            const compare = byField[key];
            out.push(...(compare ? compare(rb[key], ra[key], `${path}.${key}`) : [unclassified(`${path}.${key}`, rb[key], ra[key])]));
        }
        return out;
    };
}

/** A map of free-form labels (tags): each changed entry is neutral. */
export function labels(): CompareInput {
    return (b, a, path) => {
        const [rb, ra] = [record(b), record(a)];
        if (rb === undefined || ra === undefined) return [malformed(path, b, a)];
        return [...new Set([...Object.keys(rb), ...Object.keys(ra)])]
            .sort()
            .filter((k) => !isDeepStrictEqual(rb[k], ra[k]))
            .map((k) => change("identity", "neutral", `\`${path}.${k}\` ${show(rb[k])} → ${show(ra[k])}`));
    };
}

/** A JSON document inside a string (an IAM policy, a token's resources): compared parsed. */
export function jsonText(inner: CompareInput): CompareInput {
    return (b, a, path) => {
        const [pb, pa] = [parse(b), parse(a)];
        if (pa === UNPARSABLE) return [change("actions", "escalation", `\`${path}\` no longer parses as JSON: the provider would refuse it; judge it by hand`)];
        return inner(pb === UNPARSABLE ? undefined : pb, pa, path);
    };
}

const UNPARSABLE = Symbol("unparsable");

function parse(v: unknown): unknown {
    if (v === undefined) return undefined;
    if (typeof v !== "string") return UNPARSABLE;
    try {
        return JSON.parse(v) as unknown;
    } catch {
        return UNPARSABLE;
    }
}

/** An object's fields, `{}` when absent, undefined when it is not an object. */
export function record(v: unknown): Readonly<Record<string, unknown>> | undefined {
    if (v === undefined || v === null) return {};
    return typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
