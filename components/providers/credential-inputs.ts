/**
 * What a change to one input of a credential resource (an IAM policy, a B2
 * application key, a Cloudflare token) does to what its key may do, on what,
 * from where and until when: an escalation, a reduction or neutral, and
 * whether the provider must replace the resource to apply it. Each profile
 * declares a table of these rules for its credential resource types
 * (components/providers/<p>/credential-inputs.ts); the permission diff
 * compares the inputs of each resource of a base plan with the same resource
 * in the head plan through it. Generic: no provider is named here.
 */
import { isDeepStrictEqual } from "node:util";

export const INPUT_CLASSES = ["escalation", "reduction", "neutral"] as const;
export type InputClass = (typeof INPUT_CLASSES)[number];

/** What an input decides about a key: what it may do, on what, from where, until when, or only what it is called. */
export type InputAspect = "actions" | "resources" | "network" | "expiry" | "identity";

export interface InputChange {
    readonly aspect: InputAspect;
    readonly class: InputClass;
    /** One clause, names in backticks: "`namePrefix` `db/` → none: widened to the whole bucket". */
    readonly text: string;
    /**
     * No rule covers this input: reported as an escalation so a person judges
     * it. The property test over the example plans allows none.
     */
    readonly unclassified?: true;
}

/** Compares one input's value before and after (either may be absent); `path` names it in the texts. */
export type CompareInput = (before: unknown, after: unknown, path: string) => InputChange[];

export interface InputRule {
    /** The top-level inputs the rule reads: usually one; two when they are one setting (`bucketId` / `bucketIds`). */
    readonly inputs: readonly string[];
    readonly compare: CompareInput;
    /** The rule's value from the resource's inputs; default: the one input's value. */
    readonly value?: (inputs: Readonly<Record<string, unknown>>) => unknown;
    /** The provider cannot update the input in place: a change replaces the resource. */
    readonly replaces: boolean;
    /**
     * The program tells the engine to ignore changes to it on a key that
     * expires by rotation (ignoreChanges): the live key keeps what it was
     * created with, and a change reaches the key's next generation.
     */
    readonly fixedWhenExpiring?: boolean;
}

export interface CredentialResourceRules {
    /** For people: "inline policy", "application key". */
    readonly label: string;
    /** The resource is the secret hosts hold: replacing it issues them a new key. */
    readonly holdsKey: boolean;
    readonly rules: readonly InputRule[];
}

/** Per resource type token, how its inputs are classified. */
export type CredentialInputTable = Readonly<Record<string, CredentialResourceRules>>;

export interface ResourceInputChanges {
    readonly changes: readonly InputChange[];
    /** Inputs whose change makes the provider replace the resource. */
    readonly replacedBy: readonly string[];
}

export interface CompareContext {
    /** The key expires by rotation on the head side, so `fixedWhenExpiring` inputs are ignored by the engine. */
    readonly expiring: boolean;
    /** The head resource's ignoreChanges, when the plan records them (overrides `expiring`). */
    readonly ignoreChanges?: readonly string[];
}

const asInputs = (v: unknown): Readonly<Record<string, unknown>> =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Every change between two sets of inputs of one resource, by the resource type's rules. */
export function compareCredentialInputs(rules: CredentialResourceRules, before: unknown, after: unknown, ctx: CompareContext): ResourceInputChanges {
    const b = asInputs(before);
    const a = asInputs(after);
    const changes: InputChange[] = [];
    const replacedBy: string[] = [];
    for (const rule of rules.rules) {
        const differing = rule.inputs.filter((k) => !isDeepStrictEqual(b[k], a[k]));
        if (differing.length === 0) continue;
        const ignored =
            ctx.ignoreChanges !== undefined ? differing.every((k) => ctx.ignoreChanges!.includes(k)) : rule.fixedWhenExpiring === true && ctx.expiring;
        const found = ruleChanges(rule, b, a);
        const replacesKey = rules.holdsKey && rule.replaces && !ignored;
        // A neutral change that replaces the key is said by the replacement (which names the input), not twice.
        changes.push(...(ignored ? found.map(keptByLiveKey) : replacesKey ? found.filter((c) => c.class !== "neutral" || c.unclassified) : found));
        if (rule.replaces && !ignored) replacedBy.push(...differing);
    }
    const known = new Set(rules.rules.flatMap((r) => r.inputs));
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        if (!known.has(key) && !isDeepStrictEqual(b[key], a[key])) changes.push(unclassified(key, b[key], a[key]));
    }
    return { changes, replacedBy };
}

function ruleChanges(rule: InputRule, b: Readonly<Record<string, unknown>>, a: Readonly<Record<string, unknown>>): InputChange[] {
    const pick =
        rule.value ??
        (rule.inputs.length === 1
            ? (i: Readonly<Record<string, unknown>>) => i[rule.inputs[0]!]
            : (i: Readonly<Record<string, unknown>>) => Object.fromEntries(rule.inputs.filter((k) => i[k] !== undefined).map((k) => [k, i[k]])));
    const path = rule.inputs.join("`/`");
    const [vb, va] = [pick(b), pick(a)];
    // Another form of the same value (`bucketId: X` → `bucketIds: [X]`): nothing widens, but the resource still sees a change.
    if (isDeepStrictEqual(vb, va)) return [{ aspect: "identity", class: "neutral", text: `\`${path}\` written another way, the same value (${show(va)})` }];
    const found = rule.compare(vb, va, path);
    // A difference the rule has nothing to say about must still be said.
    return found.length > 0 ? found : [unclassified(path, vb, va)];
}

function keptByLiveKey(c: InputChange): InputChange {
    return { ...c, text: `${c.text} (the live key keeps its value: the engine ignores this input on it, so it applies from the key's next generation)` };
}

/** A change no rule covers: an escalation until a person says otherwise. */
export function unclassified(path: string, before: unknown, after: unknown): InputChange {
    return {
        aspect: "actions",
        class: "escalation",
        unclassified: true,
        text: `\`${path}\` ${show(before)} → ${show(after)}: the diff has no rule for this input; judge it by hand`,
    };
}

/** A value not of the shape the provider takes (an object where a list belongs): it would refuse it, or read it as nobody reviewed. */
export function malformed(path: string, before: unknown, after: unknown): InputChange {
    return {
        aspect: "actions",
        class: "escalation",
        text: `\`${path}\` ${show(before)} → ${show(after)}: not the shape the provider takes; judge it by hand`,
    };
}

/** A value as a reviewer reads it: absent is "none". */
export function show(v: unknown): string {
    if (v === undefined || v === null) return "none";
    if (typeof v === "string") return `\`${v}\``;
    if (Array.isArray(v)) return v.length === 0 ? "none" : v.map(show).join(", ");
    if (typeof v === "object") return Object.keys(v).length === 0 ? "none" : `\`${JSON.stringify(v)}\``;
    return String(v);
}
