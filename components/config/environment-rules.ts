/**
 * Rules across keys that keep environments apart and credentials narrow,
 * read from the partial spec (partial.ts): the environment is the stack,
 * the production rules unless `tier: test`, bucket names that carry their
 * environment's word and no other's, names of remotes and credentials,
 * credentials on remotes that exist and prefixes that fit, and each
 * profile's own rules across a remote's fields.
 */
import { CREDENTIAL_NAME_PATTERN, PRODUCTION_WORDS, REMOTE_NAME_PATTERN, nameContainsEnvironment, otherEnvironmentWords, quoted } from "../config-fields";
import type { ConfigProblem } from "../providers/profile";
import type { PartialHostAddresses } from "./host-addresses-schema";
import type { PartialCredential, PartialRemote, PartialSpec } from "./partial";

/** How an environment leaves the production rules, for messages that enforce them. */
export const OPT_OUT = "(an environment that is torn down and rebuilt, like staging, opts out with backup-remotes:tier: test)";

export function environmentProblems(stack: string, spec: PartialSpec, now: Date | undefined): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    const production = spec.tier === "production";
    if (spec.environment !== undefined && spec.environment !== stack) {
        out.push({
            path: ["environment"],
            message:
                `is "${spec.environment}" but the stack is "${stack}": a config copied from another ` +
                `environment must not deploy here; set environment to "${stack}" and rename its buckets`,
        });
    }
    if (!production && PRODUCTION_WORDS.includes(stack)) {
        // A staging file copied to prod keeps its opt-out: the name settles it.
        out.push({
            path: ["tier"],
            message:
                `"test" is refused for environment "${stack}": its name says production; remove the tier key ` +
                '(a test environment needs a name that does not say production, e.g. "staging")',
        });
    }
    if (production && spec.protectBuckets === false) {
        out.push({ path: ["protectBuckets"], message: `must be true in a production environment: its buckets are always protected from deletion ${OPT_OUT}` });
    }
    const buckets = new Map<string, string>();
    for (const remote of spec.remotes) {
        const addresses = spec.hostAddresses === undefined || spec.hostAddresses === "invalid" ? { addresses: new Map() } : spec.hostAddresses;
        out.push(
            ...remoteProblems(
                stack,
                remote,
                spec.credentials.filter((c) => c.remote === remote.name),
                production,
                now,
                addresses,
            ),
        );
        if (remote.bucket === undefined || remote.profile === undefined) continue;
        const key = `${remote.profile.name}:${remote.bucket}`;
        const other = buckets.get(key);
        if (other !== undefined)
            out.push({ path: ["remotes", remote.name, "bucket"], message: `${quoted(remote.bucket)} is already the bucket of remote "${other}"` });
        buckets.set(key, remote.name);
    }
    out.push(...providerEnvironmentProblems(stack, spec));
    const remoteNames = spec.remotes.map((r) => r.name);
    for (const cred of spec.credentials) {
        if (!CREDENTIAL_NAME_PATTERN.test(cred.name)) {
            out.push({
                path: ["credentials", cred.name],
                message: "credential names must be 1-32 lowercase letters, digits and '-', starting with a letter or digit",
            });
        }
        if (cred.remote !== undefined && !remoteNames.includes(cred.remote)) {
            out.push({
                path: ["credentials", cred.name, "remote"],
                message: `${quoted(cred.remote)} is not a remote of this environment (remotes: ${remoteNames.join(", ") || "none"})`,
            });
        }
        out.push(
            ...prefixRoomProblems(
                cred,
                spec.remotes.find((r) => r.name === cred.remote),
            ),
        );
    }
    return out;
}

/** Each provider's problems of what it registers once for all its remotes (those whose config parsed whole). */
function providerEnvironmentProblems(stack: string, spec: PartialSpec): ConfigProblem[] {
    const profiles = [...new Set(spec.remotes.flatMap((r) => (r.profile ? [r.profile] : [])))];
    return profiles.flatMap(
        (profile) =>
            profile.environmentProblems?.(
                stack,
                spec.remotes.flatMap((r) => (r.profile === profile && r.config ? [r.config] : [])),
            ) ?? [],
    );
}

function remoteProblems(
    stack: string,
    remote: PartialRemote,
    onRemote: readonly PartialCredential[],
    production: boolean,
    now: Date | undefined,
    hostAddresses: Pick<PartialHostAddresses, "addresses">,
): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    if (!REMOTE_NAME_PATTERN.test(remote.name)) {
        out.push({ path: ["remotes", remote.name], message: "remote names must be 1-32 lowercase letters, digits and '-', starting with a letter or digit" });
    }
    const credentials = onRemote.map((c) => ({
        name: c.name,
        hosts: c.hosts,
        ...(c.role ? { role: c.role } : {}),
        ...(c.prefix !== undefined ? { prefix: c.prefix } : {}),
    }));
    out.push(
        ...(remote.profile?.crossFieldProblems?.({
            remote: remote.name,
            settings: remote.settings,
            invalid: remote.invalid,
            production,
            optOut: OPT_OUT,
            credentials,
            hostAddresses: hostAddresses.addresses,
            ...(now ? { now } : {}),
        }) ?? []),
    );
    if (remote.bucket === undefined) return out;
    // The stack name is what counts: a bucket named for staging must not deploy in prod.
    if (!nameContainsEnvironment(remote.bucket, stack)) {
        out.push({
            path: ["remotes", remote.name, "bucket"],
            message: `${quoted(remote.bucket)} must contain the environment name "${stack}" ` + `as a '-'-separated word (e.g. "acme-backup-${stack}-db")`,
        });
    }
    const foreign = otherEnvironmentWords(remote.bucket, stack);
    if (foreign.length) {
        out.push({
            path: ["remotes", remote.name, "bucket"],
            message:
                `${quoted(remote.bucket)} also names the ${foreign.map((w) => `"${w}"`).join(", ")} ` +
                `environment: a bucket of another environment must not deploy in "${stack}"; name it for "${stack}" alone`,
        });
    }
    return out;
}

/** A prefix must leave room for an object name under the provider's limit (S3, B2 and R2: 1,024 bytes of UTF-8). */
function prefixRoomProblems(cred: PartialCredential, remote: PartialRemote | undefined): ConfigProblem[] {
    const max = remote?.profile?.maxObjectNameBytes;
    if (cred.prefix === undefined || max === undefined) return [];
    const bytes = Buffer.byteLength(cred.prefix, "utf8");
    if (bytes < max) return [];
    return [
        {
            path: ["credentials", cred.name, "prefix"],
            message:
                `is ${bytes} bytes of UTF-8 (with its trailing "/"); ${remote!.profile!.title} object ` +
                `names are at most ${max} bytes, so no object fits under it: shorten the prefix`,
        },
    ];
}
