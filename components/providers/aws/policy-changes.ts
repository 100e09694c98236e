/**
 * What a change to an IAM policy document does to what its holder may do,
 * statement by statement (paired by Sid): actions and resources added or
 * removed (a pattern inside an old one widens nothing), statements added or
 * removed, an Effect flipped, and each condition by what its operator means
 * (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * the values of a positive operator are alternatives (one more widens), those
 * of a negated one are exclusions (one more narrows), a date or number bound
 * moves one way or the other, and a condition removed widens. On a Deny
 * statement every class is reversed.
 */
import { isDeepStrictEqual } from "node:util";
import { malformed, show, unclassified, type CompareInput, type InputAspect, type InputChange } from "../credential-inputs";
import { anyChangeEscalates, change, EXPIRY_WORDS, flipped, grantSet, neutral, record, timeline } from "../input-comparers";
import { cidrCovered } from "../input-coverage";
import { AWS_CURRENT_TIME } from "./expiry";

type Statement = Readonly<Record<string, unknown>>;

/** Condition keys that decide from where or until when, not on what. */
const CONDITION_ASPECTS: Readonly<Record<string, InputAspect>> = {
    [AWS_CURRENT_TIME]: "expiry",
    "aws:EpochTime": "expiry",
    "aws:SourceIp": "network",
    "aws:SourceVpc": "network",
    "aws:SourceVpce": "network",
    "aws:VpcSourceIp": "network",
};

const ALTERNATIVES = [
    "StringEquals",
    "StringEqualsIgnoreCase",
    "StringLike",
    "ArnEquals",
    "ArnLike",
    "IpAddress",
    "NumericEquals",
    "DateEquals",
    "BinaryEquals",
];
const EXCLUSIONS = [
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "ArnNotEquals",
    "ArnNotLike",
    "NotIpAddress",
    "NumericNotEquals",
    "DateNotEquals",
];
/** Bounds: the condition holds before (upper) or after (lower) its value; several values: the widest one counts. */
const UPPER_BOUNDS = ["DateLessThan", "DateLessThanEquals", "NumericLessThan", "NumericLessThanEquals"];
const LOWER_BOUNDS = ["DateGreaterThan", "DateGreaterThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"];
/** Which way a flag or a null check moves depends on the key: any change is for a person to judge. */
const UNRANKED = ["Bool", "Null"];

/** The inline policy document (a JSON string) compared statement by statement. */
export const policyDocumentChanges: CompareInput = (b, a, path) => {
    const [db, da] = [record(b), record(a)];
    if (db === undefined || da === undefined) return [malformed(path, b, a)];
    const out: InputChange[] = [];
    for (const key of [...new Set([...Object.keys(db), ...Object.keys(da)])].sort()) {
        if (isDeepStrictEqual(db[key], da[key])) continue;
        if (key === "Version" || key === "Id") out.push(...neutral()(db[key], da[key], `${path}.${key}`));
        else if (key === "Statement") out.push(...statementChanges(statements(db[key]), statements(da[key])));
        else out.push(unclassified(`${path}.${key}`, db[key], da[key]));
    }
    return out;
};

const statements = (v: unknown): Statement[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => record(s) ?? { "": s });

/** Statements keyed by Sid (by position when they have none). */
function keyed(list: readonly Statement[]): Map<string, Statement> {
    const out = new Map<string, Statement>();
    list.forEach((s, i) => {
        const key = typeof s.Sid === "string" && !out.has(`\`${s.Sid}\``) ? `\`${s.Sid}\`` : `#${i + 1}`;
        out.set(key, s);
    });
    return out;
}

const withoutSid = ({ Sid: _sid, ...rest }: Statement): Statement => rest;
const isDeny = (s: Statement | undefined): boolean => s?.Effect === "Deny";

function statementChanges(before: readonly Statement[], after: readonly Statement[]): InputChange[] {
    const [b, a] = [keyed(before), keyed(after)];
    const found: { statement: string; change: InputChange }[] = [];
    for (const [key, s] of a) {
        const was = b.get(key);
        if (was !== undefined) found.push(...pairChanges(was, s).map((change) => ({ statement: key, change })));
    }
    const gone = [...b].filter(([k]) => !a.has(k));
    for (const [key, s] of [...a].filter(([k]) => !b.has(k))) {
        const renamed = gone.findIndex(([, g]) => isDeepStrictEqual(withoutSid(g), withoutSid(s)));
        if (renamed >= 0) {
            found.push({ statement: key, change: change("identity", "neutral", `renamed from ${gone[renamed]![0]}, unchanged`) });
            gone.splice(renamed, 1);
        } else {
            const added = change(
                "actions",
                "escalation",
                `added: ${s.Effect ?? "no Effect"} ${show(s.Action ?? s.NotAction)} on ${show(s.Resource ?? s.NotResource)}`,
            );
            found.push({ statement: key, change: isDeny(s) ? flipped(added) : added });
        }
    }
    for (const [key, s] of gone) {
        const removed = change("actions", "reduction", `removed (was ${s.Effect ?? "no Effect"} ${show(s.Action ?? s.NotAction)})`);
        found.push({ statement: key, change: isDeny(s) ? flipped(removed) : removed });
    }
    return mergedByStatement(found);
}

/** One change made to several statements alike (an expiry on every statement) is said once. */
function mergedByStatement(found: readonly { statement: string; change: InputChange }[]): InputChange[] {
    const groups = new Map<string, { statements: string[]; change: InputChange }>();
    for (const f of found) {
        const key = `${f.change.class}|${f.change.aspect}|${f.change.text}|${f.change.unclassified ?? ""}`;
        const g = groups.get(key) ?? { statements: [], change: f.change };
        g.statements.push(f.statement);
        groups.set(key, g);
    }
    return [...groups.values()].map(({ statements: s, change: c }) => ({ ...c, text: `statement${s.length > 1 ? "s" : ""} ${s.join(", ")}: ${c.text}` }));
}

const STATEMENT_FIELDS: Readonly<Record<string, CompareInput>> = {
    Action: grantSet({ aspect: "actions", wildcards: true }),
    Resource: grantSet({ aspect: "resources", wildcards: true }),
    NotAction: anyChangeEscalates("actions", "NotAction allows everything it does not list"),
    NotResource: anyChangeEscalates("resources", "NotResource reaches everything it does not list"),
    Principal: anyChangeEscalates("actions", "a principal in an identity policy"),
    NotPrincipal: anyChangeEscalates("actions", "a principal in an identity policy"),
};

/** Changes within one statement; on a Deny statement, what it lists is taken away, so each class is reversed. */
function pairChanges(b: Statement, a: Statement): InputChange[] {
    const out: InputChange[] = [];
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        if (key === "Sid" || isDeepStrictEqual(b[key], a[key])) continue;
        if (key === "Effect") out.push(effectChange(b.Effect, a.Effect));
        else if (key === "Condition") out.push(...conditionChanges(b.Condition, a.Condition).map((c) => (isDeny(a) ? flipped(c) : c)));
        else if (STATEMENT_FIELDS[key]) out.push(...STATEMENT_FIELDS[key]!(b[key], a[key], key).map((c) => (isDeny(a) ? flipped(c) : c)));
        else out.push(unclassified(key, b[key], a[key]));
    }
    return out;
}

function effectChange(b: unknown, a: unknown): InputChange {
    const text = `\`Effect\` ${show(b)} → ${show(a)}`;
    if (b === "Allow" && a === "Deny") return change("actions", "reduction", text);
    // Deny → Allow grants; anything else IAM refuses, or reads in a way nobody reviewed.
    return change("actions", "escalation", text);
}

function conditionChanges(b: unknown, a: unknown): InputChange[] {
    const [cb, ca] = [record(b), record(a)];
    if (cb === undefined || ca === undefined) return [malformed("Condition", b, a)];
    const out: InputChange[] = [];
    for (const op of [...new Set([...Object.keys(cb), ...Object.keys(ca)])].sort()) {
        const [kb, ka] = [record(cb[op]), record(ca[op])];
        if (kb === undefined || ka === undefined) {
            if (!isDeepStrictEqual(cb[op], ca[op])) out.push(malformed(`Condition.${op}`, cb[op], ca[op]));
            continue;
        }
        for (const key of [...new Set([...Object.keys(kb), ...Object.keys(ka)])].sort()) {
            if (!isDeepStrictEqual(kb[key], ka[key])) out.push(...conditionKeyChanges(op, key, kb[key], ka[key]));
        }
    }
    return out;
}

/** One condition (operator and key): removed widens, added narrows, changed values by what the operator means. */
function conditionKeyChanges(op: string, key: string, b: unknown, a: unknown): InputChange[] {
    const aspect = CONDITION_ASPECTS[key] ?? "resources";
    const path = `Condition ${op} ${key}`;
    if (a === undefined)
        return [
            change(aspect, "escalation", `\`${path}\` ${show(b)} removed: ${aspect === "expiry" ? "the key no longer expires" : "no longer limited by it"}`),
        ];
    if (b === undefined) return [change(aspect, "reduction", `\`${path}\` ${show(a)} added`)];
    const base = op.replace(/^For(All|Any)Values?:/, "").replace(/IfExists$/, "");
    if (ALTERNATIVES.includes(base)) {
        const covered = base === "IpAddress" ? (e: string, olds: readonly string[]) => olds.some((o) => cidrCovered(e, o)) : undefined;
        return grantSet({ aspect, wildcards: base.endsWith("Like"), ...(covered ? { covered } : {}) })(b, a, path);
    }
    if (EXCLUSIONS.includes(base)) return grantSet({ aspect })(a, b, path).map((c) => ({ ...c, text: `\`${path}\` ${show(b)} → ${show(a)}` }));
    if (UPPER_BOUNDS.includes(base) || LOWER_BOUNDS.includes(base)) return [boundChange(base, path, b, a, aspect)];
    if (UNRANKED.includes(base))
        return [change(aspect, "escalation", `\`${path}\` ${show(b)} → ${show(a)}: which way this goes depends on the key; judge it by hand`)];
    return [unclassified(path, b, a)];
}

function boundChange(op: string, path: string, b: unknown, a: unknown, aspect: InputAspect): InputChange {
    const upper = UPPER_BOUNDS.includes(op);
    const values = (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => (op.startsWith("Date") ? Date.parse(String(x)) : Number(x)));
    // Several values are alternatives: the widest bound is the one that counts.
    const widest = (v: unknown) => {
        const n = values(v);
        return n.some(Number.isNaN) || n.length === 0 ? undefined : upper ? Math.max(...n) : Math.min(...n);
    };
    const words = aspect === "expiry" && upper ? EXPIRY_WORDS : { removed: "removed", added: "added", further: "wider", nearer: "narrower" };
    const [c] = timeline(path, b, a, { rank: widest, direction: upper ? 1 : -1, absent: "none", fmt: show, ...words });
    return { ...c!, aspect };
}
