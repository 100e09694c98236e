/**
 * Semantic evaluation of an IAM identity policy with `pbac` (MIT): does this
 * policy allow (action, resource, s3:prefix)? pbac needs help to read real
 * IAM documents the way AWS does; each normalisation below names the pbac
 * behaviour it corrects. Where AWS semantics cannot be reproduced, the
 * document is read so that it allows *more* (never less) than AWS would, so a
 * widened key is never missed.
 */

/** The subset of pbac's API used here (the package ships no types). */
interface PbacEvaluator {
    evaluate(request: { action: string; resource: string; context: Record<string, Record<string, string>> }): boolean;
}
type ConditionFn = (this: PbacEvaluator & { conditions: Record<string, ConditionFn> }, a: unknown, b: unknown) => unknown;
interface PbacConstructor {
    new (policies: unknown[], options?: { conditions?: Record<string, ConditionFn>; validateSchema?: boolean }): PbacEvaluator;
}
const PBAC = require("pbac") as PbacConstructor;
const BUILTIN_CONDITIONS = require("pbac/conditions") as Record<string, ConditionFn>;

/** Condition keys the pack models; conditions on any other key are read permissively. */
export const MODELLED_CONDITION_KEYS: readonly string[] = [
    "s3:prefix",
    "kms:ViaService",
    "kms:EncryptionContext:aws:s3:arn",
    "aws:CurrentTime",
    "s3:x-amz-acl",
    // The deploy policy's: the boundary a CreateUser / PutUserPermissionsBoundary sets, or the user's own.
    "iam:PermissionsBoundary",
];

/**
 * Keys AWS sets on every request. A probe without one asks "at any time":
 * its conditions are read permissively (an Allow holds, a Deny does not), so
 * a question about what a policy grants is not answered by its expiry; a
 * probe with `currentTime` is evaluated at that instant.
 */
const ALWAYS_PRESENT_KEYS: readonly string[] = ["aws:CurrentTime"];

/**
 * pbac looks a condition key up as context[service][name], splitting at the
 * first two colons only, so `kms:EncryptionContext:aws:s3:arn` would be read
 * as `kms:EncryptionContext`. Each modelled key gets a colon-free stand-in.
 */
function pbacKey(key: string): string {
    return `c:k${MODELLED_CONDITION_KEYS.indexOf(key)}`;
}

/**
 * One request to evaluate. `prefix` is the s3:prefix of a ListBucket request;
 * `context` holds the other modelled keys (e.g. kms:ViaService, s3:x-amz-acl
 * for a request with a canned ACL header); a key the request lacks is absent, as in AWS. `currentTime` (RFC 3339) is
 * aws:CurrentTime; absent: any time (see ALWAYS_PRESENT_KEYS).
 */
export interface IamRequest {
    readonly action: string;
    readonly resource: string;
    readonly prefix?: string;
    readonly context?: Readonly<Record<string, string>>;
    readonly currentTime?: string;
}

/** Something in the document the pack refuses to reason about (the check fails closed). */
export interface UnsupportedConstruct {
    readonly statement: number;
    readonly problem: string;
}

export interface ParsedPolicy {
    /** pbac-ready statements. */
    readonly evaluator: PbacEvaluator;
    /** Raw statements after array normalisation, for statement-level checks. */
    readonly statements: readonly NormalisedStatement[];
    readonly unsupported: readonly UnsupportedConstruct[];
    /** Conditions dropped (Allow) or statements dropped (Deny) to read the policy permissively. */
    readonly widened: readonly string[];
}

export interface NormalisedStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Action?: string[];
    readonly NotAction?: string[];
    readonly Resource?: string[];
    readonly NotResource?: string[];
    readonly Condition?: Record<string, Record<string, string[]>>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** pbac's schema insists on arrays; IAM allows a single string. */
function toStringArray(v: unknown): string[] | undefined {
    if (v === undefined) return undefined;
    const list = Array.isArray(v) ? v : [v];
    return list.map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
}

/** Parse a policy given as JSON text or as an object (aws.iam.UserPolicy accepts both). */
export function parsePolicy(policy: unknown): ParsedPolicy {
    const doc: unknown = typeof policy === "string" ? (JSON.parse(policy) as Json) : policy;
    if (!isObject(doc)) throw new Error("the policy is not a JSON object");
    const rawStatements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
    const st: ParseState = { unsupported: [], widened: [], statements: [], forPbac: [], aliases: {} };
    rawStatements.forEach((raw: unknown, i) => parseStatement(raw, i, st));
    const evaluator = new PBAC([{ Version: "2012-10-17", Statement: st.forPbac }], { conditions: st.aliases });
    return { evaluator, statements: st.statements, unsupported: st.unsupported, widened: st.widened };
}

/** What parsing the statements of one policy collects. */
interface ParseState {
    readonly unsupported: UnsupportedConstruct[];
    readonly widened: string[];
    readonly statements: NormalisedStatement[];
    readonly forPbac: unknown[];
    readonly aliases: Record<string, ConditionFn>;
}

/** One statement into `st`: refused constructs recorded, conditions translated for pbac. */
function parseStatement(raw: unknown, i: number, st: ParseState): void {
    if (!isObject(raw)) {
        st.unsupported.push({ statement: i, problem: "statement is not an object" });
        return;
    }
    const effect = raw.Effect;
    if (effect !== "Allow" && effect !== "Deny") {
        st.unsupported.push({ statement: i, problem: `Effect must be "Allow" or "Deny", got ${JSON.stringify(effect)}` });
        return;
    }
    if (raw.Principal !== undefined || raw.NotPrincipal !== undefined) {
        st.unsupported.push({ statement: i, problem: "Principal has no place in an identity policy" });
    }
    const s = normaliseStatement(raw, effect);
    for (const r of [...(s.Resource ?? []), ...(s.NotResource ?? [])]) {
        // pbac would substitute the variable's own name, matching nothing: a hidden grant.
        if (r.includes("${")) st.unsupported.push({ statement: i, problem: `policy variable in resource "${r}"` });
    }
    if (raw.Condition === undefined) {
        st.forPbac.push(s);
        st.statements.push(s);
        return;
    }
    if (!isObject(raw.Condition)) {
        st.unsupported.push({ statement: i, problem: "Condition is not an object" });
        return;
    }
    const translated = translateCondition(raw.Condition, `statement ${s.Sid ?? i}`, i, effect, st);
    if (translated === undefined) return;
    st.forPbac.push({ ...s, ...(Object.keys(translated.pbac).length ? { Condition: translated.pbac } : {}) });
    st.statements.push({ ...s, Condition: translated.condition });
}

/** The statement without its condition, in the array form pbac's schema insists on. */
function normaliseStatement(raw: Record<string, unknown>, effect: "Allow" | "Deny"): NormalisedStatement {
    // AWS matches actions case-insensitively; pbac's StringLike does not.
    const lower = (a: string[] | undefined) => a?.map((x) => x.toLowerCase());
    return {
        ...(typeof raw.Sid === "string" ? { Sid: raw.Sid } : {}),
        Effect: effect,
        ...(raw.Action !== undefined ? { Action: lower(toStringArray(raw.Action)) } : {}),
        ...(raw.NotAction !== undefined ? { NotAction: lower(toStringArray(raw.NotAction)) } : {}),
        ...(raw.Resource !== undefined ? { Resource: toStringArray(raw.Resource) } : {}),
        ...(raw.NotResource !== undefined ? { NotResource: toStringArray(raw.NotResource) } : {}),
    };
}

type ConditionBlock = Record<string, Record<string, string[]>>;

/**
 * A statement's condition as written and as pbac evaluates it; undefined when
 * the statement must be dropped (a Deny with a condition pbac cannot model).
 */
function translateCondition(
    raw: Record<string, unknown>,
    label: string,
    i: number,
    effect: "Allow" | "Deny",
    st: ParseState,
): { condition: ConditionBlock; pbac: ConditionBlock } | undefined {
    const condition: ConditionBlock = {};
    const pbac: ConditionBlock = {};
    let dropStatement = false;
    for (const [operator, block] of Object.entries(raw)) {
        if (!isObject(block)) {
            st.unsupported.push({ statement: i, problem: `Condition ${operator} is not an object` });
            continue;
        }
        for (const [key, values] of Object.entries(block)) {
            const list = toStringArray(values) ?? [];
            condition[operator] = { ...(condition[operator] ?? {}), [key]: list };
            const base = baseOperator(operator);
            if (!MODELLED_CONDITION_KEYS.includes(key) || base === undefined) {
                // Allow: ignoring a condition can only widen. Deny: ignoring the whole
                // statement can only widen. Either way nothing granted is missed.
                st.widened.push(
                    `${label}: condition ${operator} ${key} is not modelled (read as ` + `${effect === "Allow" ? "always true" : "never denying"})`,
                );
                if (effect === "Deny") dropStatement = true;
                continue;
            }
            // pbac reads only the first key of an operator block, and treats a missing
            // key as the key's own name; one alias per (operator, key) fixes both.
            // The ForAnyValue: prefix makes pbac hand over the whole value list, so
            // negated operators get AWS's "matches none of the values" meaning.
            const alias = `ForAnyValue:${operator}|${key}|${effect}`;
            st.aliases[alias] = awsCondition(operator, key, effect);
            pbac[alias] = { [pbacKey(key)]: list };
        }
    }
    return dropStatement ? undefined : { condition, pbac };
}

/** The pbac operator an IAM operator maps onto, or undefined when pbac lacks it. */
function baseOperator(operator: string): string | undefined {
    const bare = operator.replace(/^(ForAnyValue|ForAllValues):/, "").replace(/IfExists$/, "");
    if (bare === "Null") return "Null";
    return BUILTIN_CONDITIONS[bare] ? bare : undefined;
}

/**
 * An IAM condition operator on one key with AWS's missing-key semantics:
 * pbac passes the key's own name when the request lacks the key.
 */
function awsCondition(operator: string, key: string, effect: "Allow" | "Deny"): ConditionFn {
    const setOp = operator.startsWith("ForAnyValue:") ? "any" : operator.startsWith("ForAllValues:") ? "all" : undefined;
    const ifExists = operator.endsWith("IfExists");
    const bare = baseOperator(operator)!;
    const negated = /Not/.test(bare);
    return function (this, actual: unknown, expected: unknown): boolean {
        // pbac hands over the stand-in's own name when the request lacks the key.
        const missing = actual === pbacKey(key);
        if (bare === "Null") {
            // pbac only accepts booleans here; IAM writes "true" / "false".
            const values = Array.isArray(expected) ? expected : [expected];
            return values.some((v) => String(v) === String(missing));
        }
        if (missing) {
            // Not in the request, but AWS always sets it: "at any time" holds for an Allow and not for a Deny.
            if (ALWAYS_PRESENT_KEYS.includes(key)) return effect === "Allow";
            if (ifExists) return true;
            if (setOp === "all") return true;
            if (setOp === "any") return false;
            return negated;
        }
        const fn = BUILTIN_CONDITIONS[bare]!;
        const values = Array.isArray(expected) ? expected : [expected];
        const actuals = Array.isArray(actual) ? actual : [actual];
        const test = (a: unknown) => (negated ? values.every((v) => Boolean(fn.call(this, a, v))) : values.some((v) => Boolean(fn.call(this, a, v))));
        if (setOp === "all") return actuals.every(test);
        return actuals.some(test);
    };
}

/** Whether the parsed policy allows the request. */
export function isAllowed(policy: ParsedPolicy, request: IamRequest): boolean {
    const values: Record<string, string> = {
        ...request.context,
        ...(request.prefix !== undefined ? { "s3:prefix": request.prefix } : {}),
        ...(request.currentTime !== undefined ? { "aws:CurrentTime": request.currentTime } : {}),
    };
    const known: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
        if (MODELLED_CONDITION_KEYS.includes(key)) known[pbacKey(key).slice(2)] = value;
    }
    return policy.evaluator.evaluate({ action: request.action.toLowerCase(), resource: request.resource, context: { c: known } });
}
