/**
 * How each input of a Cloudflare token changes what the token may do. The
 * Cloudflare provider updates a token in place except for `account_id`
 * (RequiresReplace in its account_token schema): a token moved to another
 * account is a new token. Permission groups are ranked by what they allow in
 * R2's access model, so Item Write → Item Read is a reduction.
 */
import { isDeepStrictEqual } from "node:util";
import { malformed, show, type CompareInput, type CredentialInputTable, type CredentialResourceRules, type InputChange } from "../credential-inputs";
import { addressRanges, anyChangeEscalates, change, fields, flipped, grantSet, instant, jsonText, neutral, rankedGrants, record } from "../input-comparers";
import { KNOWN_R2_GROUP_IDS, R2_ACCESS } from "./access";
import { R2_TYPES } from "./resources";

/** The group a permission-group id stands for, as the program's lookup (and the offline plan) resolves it. */
const groupName = (id: string): string | undefined => Object.entries(KNOWN_R2_GROUP_IDS).find(([, v]) => v === id)?.[0];

const groupIds = (v: unknown): unknown => (Array.isArray(v) ? v.map((g) => record(g)?.id ?? g) : v);

/** A policy's permission groups: ranked by the groups their ids stand for; anything beside the id is for a person to judge. */
const permissionGroups: CompareInput = (b, a, path) => {
    const [ib, ia] = [groupIds(b), groupIds(a)];
    if (!isDeepStrictEqual(ib, ia)) return rankedGrants(R2_ACCESS, groupName)(ib, ia, path);
    return anyChangeEscalates("actions", "a permission group's attributes changed")(b, a, path);
};

/** What a policy reaches: the resource keys of its JSON map (a bucket, an account); a key added reaches more. */
const policyResources: CompareInput = jsonText((b, a, path) => {
    const [rb, ra] = [record(b), record(a)];
    if (rb === undefined || ra === undefined) return [malformed(path, b, a)];
    const keys = grantSet({ aspect: "resources" })(Object.keys(rb), Object.keys(ra), path);
    const changedValues = Object.keys(ra).filter((k) => k in rb && !isDeepStrictEqual(rb[k], ra[k]));
    const values = changedValues.map((k) => change("resources", "escalation", `\`${path}\` \`${k}\`: ${show(rb[k])} → ${show(ra[k])}; judge it by hand`));
    return Object.keys(rb).sort().join() === Object.keys(ra).sort().join() ? values : [...keys, ...values];
});

const policyFields = fields({ effect: policyEffect, permissionGroups, resources: policyResources });

function policyEffect(b: unknown, a: unknown, path: string): InputChange[] {
    const text = `\`${path}\` ${show(b)} → ${show(a)}`;
    return [change("actions", b === "allow" && a === "deny" ? "reduction" : "escalation", text)];
}

/** The token's policies, paired by position; a deny policy takes away what it lists. */
const policies: CompareInput = (b, a, path) => {
    const [lb, la] = [Array.isArray(b) ? b : [], Array.isArray(a) ? a : []];
    const out: InputChange[] = [];
    for (let i = 0; i < Math.max(lb.length, la.length); i++) {
        const [pb, pa] = [lb[i] as unknown, la[i] as unknown];
        if (isDeepStrictEqual(pb, pa)) continue;
        const deny = record(pa ?? pb)?.effect === "deny";
        const at = `${path}[${i}]`;
        const found =
            pb === undefined
                ? [change("actions", "escalation", `\`${at}\` added: ${show(pa)}`)]
                : pa === undefined
                  ? [change("actions", "reduction", `\`${at}\` removed (was ${show(pb)})`)]
                  : policyFields(pb, pa, at);
        // An effect change is classified by itself; the rest of a deny policy reads backwards.
        out.push(...found.map((c) => (deny && !c.text.startsWith(`\`${at}.effect\``) ? flipped(c) : c)));
    }
    return out;
};

/** `active` tokens authenticate; `disabled` and `expired` do not; absent is active. */
const tokenStatus: CompareInput = (b, a, path) => {
    const works = (v: unknown) => v === undefined || v === "active";
    const text = `\`${path}\` ${show(b ?? "active")} → ${show(a ?? "active")}`;
    if (works(a) === works(b)) return [change("actions", "neutral", text)];
    return [change("actions", works(a) ? "escalation" : "reduction", text)];
};

const TOKEN_RULES: CredentialResourceRules["rules"] = [
    { inputs: ["name"], compare: neutral(), replaces: false },
    { inputs: ["policies"], compare: policies, replaces: false },
    { inputs: ["expiresOn"], compare: instant("end"), replaces: false },
    { inputs: ["notBefore"], compare: instant("start"), replaces: false },
    { inputs: ["condition"], compare: fields({ requestIp: fields({ ins: addressRanges("allow"), notIns: addressRanges("deny") }) }), replaces: false },
    { inputs: ["status"], compare: tokenStatus, replaces: false },
];

export const R2_CREDENTIAL_INPUTS: CredentialInputTable = {
    [R2_TYPES.accountToken]: {
        label: "token",
        holdsKey: true,
        rules: [{ inputs: ["accountId"], compare: anyChangeEscalates("resources", "a token of another account"), replaces: true }, ...TOKEN_RULES],
    },
    // A user-owned token: the same inputs, owned by whoever deploys (the program issues account tokens).
    [R2_TYPES.apiToken]: { label: "user token", holdsKey: true, rules: TOKEN_RULES },
};
