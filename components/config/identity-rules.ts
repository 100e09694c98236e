/**
 * Rules on every identity the program would issue (credential × host ×
 * generation): a name each provider accepts, a resource name no two
 * identities share, and what the provider receives for it (an IAM policy
 * within its size limit, the host's address condition included), each computed by the profile from what its
 * credential component builds.
 */
import { credentialResourceName } from "../naming";
import type { ConfigProblem } from "../providers/profile";
import { generationsOf, isListed, keyExpiry } from "../rotation/generations";
import type { PartialSpec } from "./partial";
import { remoteOf } from "./rotation-rules";

function addressesOf(spec: PartialSpec, host: string): readonly string[] | undefined {
    return spec.hostAddresses === undefined || spec.hostAddresses === "invalid" ? undefined : spec.hostAddresses.addresses.get(host);
}

export function identityProblems(environment: string, spec: PartialSpec): ConfigProblem[] {
    const { rotation } = spec;
    const out: ConfigProblem[] = [];
    const seen = new Map<string, string>();
    for (const cred of spec.credentials) {
        const remote = remoteOf(spec, cred);
        let grant: string | undefined;
        for (const host of cred.hosts) {
            const path = isListed(rotation, cred.name, host) ? ["keyGenerations", cred.name, host] : ["credentials", cred.name, "hosts"];
            for (const g of generationsOf(rotation, cred.name, host)) {
                const id = { environment, credential: cred.name, host, generation: g.generation };
                const problem = remote?.profile.identityNameProblem?.(id);
                if (problem) out.push({ path, message: problem });
                const resource = credentialResourceName(cred.name, host, g.generation);
                const who = `credential "${cred.name}" on host "${host}", generation ${g.generation}`;
                const other = seen.get(resource);
                if (other) out.push({ path, message: `${who} and ${other} would share the resource name "${resource}"; rename the host or the credential` });
                else seen.set(resource, who);
                if (grant !== undefined || remote?.config === undefined || cred.role === undefined || cred.prefix === undefined) continue;
                const expiry = keyExpiry(rotation, cred.name, g);
                // Per host: its addresses are part of what the provider receives (an AWS condition on every statement).
                const addresses = addressesOf(spec, host);
                grant = remote.profile.grantProblem?.({
                    id,
                    role: cred.role,
                    prefix: cred.prefix,
                    config: remote.config,
                    ...(expiry ? { expiry } : {}),
                    ...(addresses ? { addresses } : {}),
                });
            }
        }
        // The same for every host of the credential (names differ, grants do not): said once.
        if (grant !== undefined) out.push({ path: ["credentials", cred.name, "prefix"], message: grant });
    }
    return out;
}
