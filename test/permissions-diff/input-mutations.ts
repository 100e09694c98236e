/**
 * Every way to change one input of a resource: each JSON leaf changed or
 * removed, each object removed, each list given one more element, each
 * absent input a rule declares given a value; JSON documents inside strings
 * (an IAM policy, a token's resources) are walked as documents.
 */

/** A step into a value: a field, an element, or the JSON document a string holds. */
export type Step = string | number | { readonly json: true };

export interface Mutation {
    /** For a failure message: "policy{}.Statement[1].Action: add". */
    readonly label: string;
    readonly apply: (inputs: unknown) => unknown;
}

const REMOVE = Symbol("remove");
type Edit = (v: unknown) => unknown;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function jsonDocument(v: unknown): unknown {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
    try {
        return JSON.parse(v) as unknown;
    } catch {
        return undefined;
    }
}

/** `root` with the value at `path` replaced by `edit(value)` (REMOVE deletes it); untouched parts are shared. */
function update(root: unknown, path: readonly Step[], edit: Edit): unknown {
    if (path.length === 0) return edit(root);
    const [step, ...rest] = path;
    if (typeof step === "object") return JSON.stringify(update(jsonDocument(root), rest, edit));
    if (Array.isArray(root) && typeof step === "number") {
        const next = update(root[step], rest, edit);
        return next === REMOVE ? root.filter((_, i) => i !== step) : root.map((x, i) => (i === step ? next : x));
    }
    const obj = isRecord(root) ? root : {};
    const next = update(obj[step as string], rest, edit);
    if (next === REMOVE) {
        const { [step as string]: _gone, ...others } = obj;
        return others;
    }
    return { ...obj, [step as string]: next };
}

/** Another value of the same kind: a later instant for a date, one more for a number, the other boolean. */
function changed(v: unknown): unknown {
    if (typeof v === "number") return v + 1;
    if (typeof v === "boolean") return !v;
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))) {
        return new Date(Date.parse(v) + 86_400_000).toISOString().replace(/\.000Z$/, "Z");
    }
    if (typeof v === "string") return `${v}-mutated`;
    return "mutated";
}

/** A new element like the list's last one, every string in it changed (so it is a different element). */
function extraElement(list: readonly unknown[]): unknown {
    const like = (v: unknown): unknown =>
        Array.isArray(v)
            ? v.map(like)
            : isRecord(v)
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, like(x)]))
              : typeof v === "string"
                ? `${v}-added`
                : v;
    return list.length === 0 ? "added" : like(list[list.length - 1]);
}

const label = (path: readonly Step[]): string =>
    path.map((s, i) => (typeof s === "object" ? "{}" : typeof s === "number" ? `[${s}]` : `${i === 0 ? "" : "."}${s}`)).join("");

/** Every mutation of one resource's inputs; `declared` are the inputs its rules know, so an absent one is set too. */
export function mutationsOf(inputs: Readonly<Record<string, unknown>>, declared: readonly string[]): Mutation[] {
    const out: Mutation[] = [];
    const at = (path: readonly Step[], what: string, edit: Edit) => out.push({ label: `${label(path)}: ${what}`, apply: (root) => update(root, path, edit) });
    const walk = (v: unknown, path: Step[]): void => {
        at(path, "remove", () => REMOVE);
        const doc = jsonDocument(v);
        if (doc !== undefined) return walkChildren(doc, [...path, { json: true }]);
        if (Array.isArray(v) || isRecord(v)) return walkChildren(v, path);
        at(path, `change to ${JSON.stringify(changed(v))}`, changed);
    };
    const walkChildren = (v: unknown, path: Step[]): void => {
        if (Array.isArray(v)) {
            at(path, "add an element", (l) => [...(l as unknown[]), extraElement(l as unknown[])]);
            v.forEach((x, i) => walk(x, [...path, i]));
        } else if (isRecord(v)) {
            for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
        }
    };
    for (const [k, v] of Object.entries(inputs)) walk(v, [k]);
    for (const k of declared.filter((d) => !(d in inputs))) at([k], "set", () => "mutated");
    return out;
}
