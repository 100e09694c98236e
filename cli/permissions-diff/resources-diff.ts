/**
 * What a change does to each live key, read from the credential resources'
 * inputs rather than from the config: every input of a resource present at
 * both sides, classified by its provider's credential-input table, and the
 * live keys the provider must replace to apply it. Resources are matched by
 * type and logical name, so the comparison works whatever URN form either
 * plan prints. Pure.
 */
import { compareCredentialInputs, type CredentialResourceRules, type InputChange } from "../../components/providers/credential-inputs";
import type { ProviderRegistry } from "../../components/providers/registry";
import { credentialResourceName } from "../../components/naming";
import type { KeyResource } from "./key-resources";
import type { PermissionMatrix } from "./matrix";

/** Which (credential, host, generation) an identity component stands for. */
export interface Holder {
    readonly credential: string;
    readonly host: string;
    readonly generation: number;
    readonly remote: string;
    /** This generation expires by rotation on the head side. */
    readonly expiring: boolean;
}

export interface KeyInputFinding {
    /** Undefined when the identity is not one the permissions output names. */
    readonly holder?: Holder;
    readonly identity: string;
    readonly label: string;
    readonly change: InputChange;
}

export interface KeyReplacement {
    readonly holder?: Holder;
    readonly identity: string;
    readonly inputs: readonly string[];
}

export interface KeyResourceDiff {
    readonly findings: readonly KeyInputFinding[];
    readonly replacements: readonly KeyReplacement[];
}

/** Identity component name → who holds it; the head's view wins (its program decides what `pulumi up` does). */
function holders(base: PermissionMatrix, head: PermissionMatrix): Map<string, Holder> {
    const out = new Map<string, Holder>();
    for (const m of [base, head]) {
        for (const c of Object.values(m.credentials)) {
            const generations = c.keys?.generations ?? c.hosts.map((host) => ({ host, generation: 1, expiresOn: undefined }));
            for (const g of generations) {
                const expiring = m === head && g.expiresOn !== undefined;
                out.set(credentialResourceName(c.credential, g.host, g.generation), {
                    credential: c.credential,
                    host: g.host,
                    generation: g.generation,
                    remote: c.remote,
                    expiring,
                });
            }
        }
    }
    return out;
}

function rulesFor(registry: ProviderRegistry, type: string): CredentialResourceRules | undefined {
    for (const p of registry.profiles) if (p.credentialInputs[type]) return p.credentialInputs[type];
    return undefined;
}

export function diffKeyResources(base: PermissionMatrix, head: PermissionMatrix, registry: ProviderRegistry): KeyResourceDiff {
    if (base.keyResources === undefined || head.keyResources === undefined) return { findings: [], replacements: [] };
    const [b, a] = [base.keyResources, head.keyResources];
    const who = holders(base, head);
    const headIdentities = new Set(Object.values(a).map((r) => r.identity));
    const onBoth = new Set(
        Object.values(b)
            .map((r) => r.identity)
            .filter((id) => headIdentities.has(id)),
    );
    const findings: KeyInputFinding[] = [];
    const replacements: KeyReplacement[] = [];
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        const [was, now] = [b[key], a[key]];
        const resource = (now ?? was)!;
        const rules = rulesFor(registry, resource.type);
        if (rules === undefined || !onBoth.has(resource.identity)) continue; // a new or removed key: the matrix says it
        const holder = who.get(resource.identity);
        const at = { identity: resource.identity, label: rules.label, ...(holder ? { holder } : {}) };
        if (was === undefined || now === undefined) {
            findings.push({ ...at, change: resourceAddedOrRemoved(rules.label, resource, now !== undefined) });
            continue;
        }
        const compared = compareCredentialInputs(rules, was.inputs, now.inputs, {
            expiring: holder?.expiring ?? false,
            ...(now.ignoreChanges ? { ignoreChanges: now.ignoreChanges } : {}),
        });
        findings.push(...compared.changes.map((change) => ({ ...at, change })));
        if (rules.holdsKey && compared.replacedBy.length > 0) replacements.push({ ...at, inputs: compared.replacedBy });
    }
    return { findings, replacements };
}

/** A credential resource appearing in or leaving an identity that stays: not an input change, but a person must see it. */
function resourceAddedOrRemoved(label: string, r: KeyResource, added: boolean): InputChange {
    return added
        ? { aspect: "actions", class: "escalation", text: `new ${label} \`${r.name}\` (\`${r.type}\`) on a key that exists: judge what it grants` }
        : { aspect: "actions", class: "reduction", text: `${label} \`${r.name}\` (\`${r.type}\`) removed from a key that stays` };
}
