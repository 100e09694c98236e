/**
 * Rules across the key-rotation keys and the rest of the config, on the raw
 * input so one run lists every problem: generations of credentials and hosts
 * that exist, an issue date for every key a maximum age applies to, providers
 * that can expire keys, identity names each provider accepts.
 */
import { isRecord } from "../config-fields";
import { credentialResourceName } from "../naming";
import type { ConfigProblem, ProviderProfile } from "../providers/profile";
import type { ProviderRegistry } from "../providers/registry";
import { currentOf, generationsOf, isListed, keyLifetime, type RotationSpec } from "../rotation/generations";
import { looseRotationSpec } from "./rotation";

type Loose = Readonly<Record<string, unknown>>;

interface LooseCredential {
    readonly name: string;
    readonly remote: string;
    readonly hosts: readonly string[];
    readonly profile?: ProviderProfile;
}

function looseCredentials(raw: Loose, registry: ProviderRegistry): LooseCredential[] {
    const remotes = isRecord(raw.remotes) ? raw.remotes : {};
    const credentials = isRecord(raw.credentials) ? raw.credentials : {};
    return Object.entries(credentials).flatMap(([name, c]) => {
        if (!isRecord(c) || typeof c.remote !== "string") return [];
        const remote = remotes[c.remote];
        const provider = isRecord(remote) && typeof remote.provider === "string" ? registry.find(remote.provider) : undefined;
        // A host listed twice is the hosts schema's to report, not a name collision.
        const hosts = Array.isArray(c.hosts) ? [...new Set(c.hosts.filter((h): h is string => typeof h === "string"))] : [];
        return [{ name, remote: c.remote, hosts, ...(provider ? { profile: provider } : {}) }];
    });
}

export function rotationProblems(stack: string, raw: Loose, registry: ProviderRegistry): ConfigProblem[] {
    const rotation = looseRotationSpec(raw);
    const credentials = looseCredentials(raw, registry);
    return [
        ...referenceProblems(raw, credentials),
        ...quotaKeyProblems(raw, registry),
        ...expiryProblems(stack, raw, rotation, credentials),
        ...nameProblems(stack, rotation, credentials),
    ];
}

function referenceProblems(raw: Loose, credentials: readonly LooseCredential[]): ConfigProblem[] {
    if (!isRecord(raw.keyGenerations)) return [];
    const out: ConfigProblem[] = [];
    const names = credentials.map((c) => c.name);
    for (const [name, hosts] of Object.entries(raw.keyGenerations)) {
        const cred = credentials.find((c) => c.name === name);
        if (!cred) {
            out.push({ path: ["keyGenerations", name], message: `is not a credential of this environment (credentials: ${names.join(", ") || "none"}); ` +
                "remove its generations when you remove the credential" });
            continue;
        }
        for (const host of isRecord(hosts) ? Object.keys(hosts) : []) {
            if (!cred.hosts.includes(host)) {
                out.push({ path: ["keyGenerations", name, host], message: `"${host}" is not a host of credential "${name}" (hosts: ${cred.hosts.join(", ")}); ` +
                    "`npm run rotate -- --revoke --host <host>` removes a host and its generations together" });
            }
        }
    }
    return out;
}

function quotaKeyProblems(raw: Loose, registry: ProviderRegistry): ConfigProblem[] {
    if (!isRecord(raw.identityQuotas)) return [];
    const counted = registry.profiles.filter((p) => p.identityQuota !== undefined).map((p) => p.name);
    return Object.keys(raw.identityQuotas).filter((p) => !counted.includes(p)).map((p) => ({
        path: ["identityQuotas", p], message: `is not a provider whose identities are counted (one of ${counted.join(", ")})`,
    }));
}

/** Where a credential's maximum age comes from, for messages. */
function lifetimeKey(rotation: RotationSpec, credential: string): (string | number)[] {
    return rotation.credentialMaxKeyAgeDays[credential] !== undefined ? ["credentials", credential, "maxKeyAgeDays"] : ["keyRotation", "maxKeyAgeDays"];
}

function expiryProblems(stack: string, raw: Loose, rotation: RotationSpec, credentials: readonly LooseCredential[]): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    const expiring = credentials.filter((c) => keyLifetime(rotation, c.name) !== undefined);
    for (const cred of expiring) {
        if (cred.profile && cred.profile.keyExpiry === undefined) {
            out.push({ path: lifetimeKey(rotation, cred.name), message: `cannot apply to credential "${cred.name}": ${cred.profile.title} keys cannot expire; ` +
                `set maxKeyAgeDays only on credentials of providers that can expire keys` });
        }
        // A maximum age needs to know how old the key in use is; a key of unknown age would never expire (fail open).
        const undated = cred.hosts.filter((h) => currentOf(generationsOf(rotation, cred.name, h)).issued === undefined);
        if (undated.length) {
            const lifetime = keyLifetime(rotation, cred.name)!;
            out.push({
                path: ["keyGenerations", cred.name],
                message: `the key in use on ${undated.join(", ")} has no issue date, so maxKeyAgeDays (${lifetime.maxKeyAgeDays}, ` +
                    `from backup-remotes:${lifetimeKey(rotation, cred.name).join(".")}) cannot make it expire; issue dated generations with ` +
                    `\`npm run rotate -- --stack ${stack} --credential ${cred.name}\` (or without --credential for every key; the undated keys stay until --retire)`,
            });
        }
    }
    const remotes = isRecord(raw.remotes) ? raw.remotes : {};
    for (const [remote, config] of Object.entries(remotes)) {
        const onRemote = expiring.filter((c) => c.remote === remote && c.profile?.keyExpiryProblems);
        if (!isRecord(config) || onRemote.length === 0) continue;
        const lifetimes = onRemote.map((c) => {
            const l = keyLifetime(rotation, c.name)!;
            return { credential: c.name, lifetimeDays: l.maxKeyAgeDays + l.graceDays };
        });
        out.push(...onRemote[0]!.profile!.keyExpiryProblems!({ remote, raw: config, expiring: lifetimes }));
    }
    return out;
}

/** Identity names each provider accepts, and resource names no two identities share. */
function nameProblems(environment: string, rotation: RotationSpec, credentials: readonly LooseCredential[]): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    const seen = new Map<string, string>();
    for (const cred of credentials) {
        for (const host of cred.hosts) {
            const path = isListed(rotation, cred.name, host) ? ["keyGenerations", cred.name, host] : ["credentials", cred.name, "hosts"];
            for (const { generation } of generationsOf(rotation, cred.name, host)) {
                const who = `credential "${cred.name}" on host "${host}", generation ${generation}`;
                const problem = cred.profile?.identityNameProblem?.({ environment, credential: cred.name, host, generation });
                if (problem) out.push({ path, message: problem });
                const resource = credentialResourceName(cred.name, host, generation);
                const other = seen.get(resource);
                if (other) out.push({ path, message: `${who} and ${other} would share the resource name "${resource}"; rename the host or the credential` });
                else seen.set(resource, who);
            }
        }
    }
    return out;
}
