/**
 * Rules across the key-rotation keys and the rest of the config, read from
 * the partial spec: generations of credentials and hosts that exist, an
 * issue date for every key a maximum age applies to, providers that can
 * expire keys, and each profile's rules on its remotes' own key settings.
 */
import type { ConfigProblem, ProviderFacts } from "../providers/profile";
import type { ProviderRegistry } from "../providers/registry";
import { currentOf, generationsOf, keyLifetime, type RotationSpec } from "../rotation/generations";
import type { PartialCredential, PartialRemote, PartialSpec } from "./partial";

export function rotationProblems(stack: string, spec: PartialSpec, registry: ProviderRegistry): ConfigProblem[] {
    return [...referenceProblems(spec), ...quotaKeyProblems(spec, registry), ...expiryProblems(stack, spec)];
}

/** The remote a credential names and its profile, when both are known. */
export function remoteOf(spec: PartialSpec, cred: PartialCredential): (PartialRemote & { profile: ProviderFacts }) | undefined {
    const remote = spec.remotes.find((r) => r.name === cred.remote);
    return remote?.profile ? { ...remote, profile: remote.profile } : undefined;
}

function referenceProblems(spec: PartialSpec): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    const names = spec.credentials.map((c) => c.name);
    for (const [name, hosts] of spec.generationHosts) {
        const cred = spec.credentials.find((c) => c.name === name);
        if (!cred) {
            out.push({
                path: ["keyGenerations", name],
                message:
                    `is not a credential of this environment (credentials: ${names.join(", ") || "none"}); ` +
                    "remove its generations when you remove the credential",
            });
            continue;
        }
        for (const host of hosts.filter((h) => !cred.hosts.includes(h))) {
            out.push({
                path: ["keyGenerations", name, host],
                message:
                    `"${host}" is not a host of credential "${name}" (hosts: ${cred.hosts.join(", ")}); ` +
                    "`npm run rotate -- --revoke --host <host>` removes a host and its generations together",
            });
        }
    }
    return out;
}

function quotaKeyProblems(spec: PartialSpec, registry: ProviderRegistry): ConfigProblem[] {
    const counted = registry.profiles.filter((p) => p.identityQuota !== undefined).map((p) => p.name);
    return spec.quotaProviders
        .filter((p) => !counted.includes(p))
        .map((p) => ({
            path: ["identityQuotas", p],
            message: `is not a provider whose identities are counted (one of ${counted.join(", ")})`,
        }));
}

/** Where a credential's maximum age comes from, for messages. */
export function lifetimeKey(rotation: RotationSpec, credential: string): (string | number)[] {
    return rotation.credentialMaxKeyAgeDays[credential] !== undefined ? ["credentials", credential, "maxKeyAgeDays"] : ["keyRotation", "maxKeyAgeDays"];
}

function expiryProblems(stack: string, spec: PartialSpec): ConfigProblem[] {
    const { rotation } = spec;
    const out: ConfigProblem[] = [];
    const expiring = spec.credentials.filter((c) => keyLifetime(rotation, c.name) !== undefined);
    for (const cred of expiring) {
        const profile = remoteOf(spec, cred)?.profile;
        if (profile && profile.keyExpiry === undefined) {
            out.push({
                path: lifetimeKey(rotation, cred.name),
                message:
                    `cannot apply to credential "${cred.name}": ${profile.title} keys cannot expire; ` +
                    `set maxKeyAgeDays only on credentials of providers that can expire keys`,
            });
        }
        // A maximum age needs to know how old the key in use is; a key of unknown age would never expire (fail open).
        const undated = cred.hosts.filter((h) => currentOf(generationsOf(rotation, cred.name, h)).issued === undefined);
        if (undated.length) {
            const lifetime = keyLifetime(rotation, cred.name)!;
            out.push({
                path: ["keyGenerations", cred.name],
                message:
                    `the key in use on ${undated.join(", ")} has no issue date, so maxKeyAgeDays (${lifetime.maxKeyAgeDays}, ` +
                    `from backup-remotes:${lifetimeKey(rotation, cred.name).join(".")}) cannot make it expire; issue dated generations with ` +
                    `\`npm run rotate -- --stack ${stack} --credential ${cred.name}\` (or without --credential for every key; the undated keys stay until --retire)`,
            });
        }
    }
    for (const remote of spec.remotes) {
        const onRemote = expiring.filter((c) => c.remote === remote.name);
        if (!remote.profile?.keyExpiryProblems || onRemote.length === 0) continue;
        const lifetimes = onRemote.map((c) => {
            const l = keyLifetime(rotation, c.name)!;
            return { credential: c.name, lifetimeDays: l.maxKeyAgeDays + l.graceDays };
        });
        out.push(...remote.profile.keyExpiryProblems({ remote: remote.name, settings: remote.settings, expiring: lifetimes }));
    }
    return out;
}
