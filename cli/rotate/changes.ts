/**
 * What a rotate command changes in the stack config, computed from the parsed
 * config alone (pure): the new `keyGenerations` value, hosts taken out of
 * credentials, and a line per change for people. Nothing is written here.
 */
import type { EnvironmentSpec } from "../../components/config/schema";
import { uniqueSectionName } from "../../components/naming";
import { currentOf, generationsOf, isListed, type KeyGeneration } from "../../components/rotation/generations";
import type { GateTarget } from "./gate";

export type Generations = Record<string, Record<string, KeyGeneration[]>>;

export interface Selection {
    readonly credential?: string;
    readonly host?: string;
}

export interface PairRef {
    readonly credential: string;
    readonly host: string;
}

export interface ConfigChange {
    /** The new `keyGenerations` (undefined: the key is removed). */
    readonly keyGenerations: Generations | undefined;
    readonly removeHosts: readonly PairRef[];
    /** One line per change, for people. */
    readonly lines: readonly string[];
    /** For --retire: what the post-deploy report must show passing. */
    readonly gate: readonly GateTarget[];
}

export type ChangeResult =
    | { readonly kind: "change"; readonly change: ConfigChange }
    | { readonly kind: "nothing"; readonly message: string }
    | { readonly kind: "refused"; readonly problems: readonly string[] };

const refused = (...problems: string[]): ChangeResult => ({ kind: "refused", problems });

/** The (credential, host) pairs a selection names, or why it names none. */
export function selectPairs(spec: EnvironmentSpec, sel: Selection): { pairs: PairRef[] } | { problem: string } {
    const names = spec.credentials.map((c) => c.name);
    if (sel.credential !== undefined && !names.includes(sel.credential)) {
        return { problem: `--credential ${sel.credential}: not a credential of ${spec.environment} (credentials: ${names.join(", ")})` };
    }
    const pairs = spec.credentials
        .filter((c) => sel.credential === undefined || c.name === sel.credential)
        .flatMap((c) => c.hosts.map((host) => ({ credential: c.name, host })))
        .filter((p) => sel.host === undefined || p.host === sel.host);
    if (pairs.length === 0) {
        const hosts = [...new Set(spec.credentials.filter((c) => sel.credential === undefined || c.name === sel.credential).flatMap((c) => c.hosts))];
        return {
            problem: `--host ${sel.host}: holds no key${sel.credential ? ` of credential ${sel.credential}` : ""} in ${spec.environment} (hosts: ${hosts.join(", ")})`,
        };
    }
    return { pairs };
}

function copyGenerations(spec: EnvironmentSpec): Generations {
    return Object.fromEntries(
        Object.entries(spec.rotation.generations).map(([c, hosts]) => [
            c,
            Object.fromEntries(Object.entries(hosts).map(([h, list]) => [h, list.map((g) => ({ ...g }))])),
        ]),
    );
}

/** Drop credentials left without hosts; undefined when nothing is left. */
function tidy(g: Generations): Generations | undefined {
    const kept = Object.entries(g).filter(([, hosts]) => Object.keys(hosts).length > 0);
    return kept.length ? Object.fromEntries(kept) : undefined;
}

/** The next generation of every selected pair, issued `today`, beside the one in use. */
export function rotate(spec: EnvironmentSpec, sel: Selection, today: string): ChangeResult {
    const selected = selectPairs(spec, sel);
    if ("problem" in selected) return refused(selected.problem);
    const { pairs } = selected;
    const busy = pairs.filter((p) => generationsOf(spec.rotation, p.credential, p.host).length > 1);
    if (busy.length) {
        return refused(
            ...busy.map((p) => {
                const [a, b] = generationsOf(spec.rotation, p.credential, p.host);
                return (
                    `${p.credential} on ${p.host} is already rotating (generations ${a!.generation} and ${b!.generation}): retire generation ` +
                    `${a!.generation} first (npm run rotate -- --stack ${spec.environment} --retire --report <post-deploy report>)`
                );
            }),
        );
    }
    const next = copyGenerations(spec);
    const lines = pairs.map((p) => {
        const current = currentOf(generationsOf(spec.rotation, p.credential, p.host));
        const issued: KeyGeneration = { generation: current.generation + 1, issued: today };
        (next[p.credential] ??= {})[p.host] = [{ ...current }, issued];
        return `${p.credential} on ${p.host}: generation ${issued.generation} issued ${today} beside generation ${current.generation} (which stays valid until --retire)`;
    });
    return { kind: "change", change: { keyGenerations: tidy(next), removeHosts: [], lines, gate: [] } };
}

/** Drop the previous generation of every selected pair that is rotating. */
export function retire(spec: EnvironmentSpec, sel: Selection): ChangeResult {
    const selected = selectPairs(spec, sel);
    if ("problem" in selected) return refused(selected.problem);
    const { pairs } = selected;
    const rotating = pairs.filter((p) => generationsOf(spec.rotation, p.credential, p.host).length > 1);
    if (rotating.length === 0) return { kind: "nothing", message: "nothing to retire: no selected key has two generations" };
    const next = copyGenerations(spec);
    const gate: GateTarget[] = [];
    const lines = rotating.map((p) => {
        const [old, current] = generationsOf(spec.rotation, p.credential, p.host) as [KeyGeneration, KeyGeneration];
        next[p.credential]![p.host] = [{ ...current }];
        gate.push({
            credential: p.credential,
            host: p.host,
            section: uniqueSectionName(spec.environment, p.credential, p.host),
            generation: current.generation,
        });
        return `${p.credential} on ${p.host}: generation ${old.generation} retired (\`pulumi up\` deletes it); generation ${current.generation} stays`;
    });
    return { kind: "change", change: { keyGenerations: tidy(next), removeHosts: [], lines, gate } };
}

/** Take `sel.host` out of every (selected) credential, with its generations: its keys are deleted by the next `pulumi up`. */
export function revoke(spec: EnvironmentSpec, sel: Selection & { host: string }): ChangeResult {
    const selected = selectPairs(spec, sel);
    if ("problem" in selected) return refused(selected.problem);
    const { pairs } = selected;
    const lonely = pairs.filter((p) => spec.credentials.find((c) => c.name === p.credential)!.hosts.length === 1);
    if (lonely.length) {
        return refused(
            ...lonely.map(
                (p) =>
                    `${p.credential}: ${p.host} is its only host, and a credential needs one; add the host that ` +
                    `replaces ${p.host} first, or remove credential ${p.credential} by hand (reviewing what goes with it, e.g. lock and lifecycle rules of its prefix)`,
            ),
        );
    }
    const next = copyGenerations(spec);
    const lines = pairs.map((p) => {
        const gens = generationsOf(spec.rotation, p.credential, p.host)
            .map((g) => g.generation)
            .join(" and ");
        if (isListed(spec.rotation, p.credential, p.host)) delete next[p.credential]![p.host];
        return `${p.credential} on ${p.host}: revoked (\`pulumi up\` deletes generation ${gens}); the host is removed from credentials.${p.credential}.hosts`;
    });
    return { kind: "change", change: { keyGenerations: tidy(next), removeHosts: pairs, lines, gate: [] } };
}
