/**
 * What a change does to one environment's permissions: the difference
 * between two permission matrices, each change marked as an escalation or
 * not. Escalations are what a reviewer must not miss: a new credential (or a
 * new host's key), a capability gained, a prefix widened or moved, a new
 * deviation or a control that became "none", anything that shortens how long
 * data or its history survives (protections-diff.ts), a bucket removed
 * without being retained; a key that now lives longer (keys-diff.ts). Key
 * rotation (a generation issued or retired, a host's keys revoked) is its own
 * kind of change, never an escalation. Beside the matrix, every input of
 * every credential resource is compared by its provider's rules
 * (resources-diff.ts), merged with the matrix's changes so each change is
 * said once (key-changes.ts), and the live keys a change replaces are named
 * per remote. Pure.
 */
import { statusRank } from "../../components/permissions/access";
import { CAPABILITIES } from "../../components/permissions/roles";
import { PROVIDERS, type ProviderRegistry } from "../../components/providers/registry";
import type { Change, ChangeKind } from "./change";
import { groupedAcrossCredentials, keyChangesByCredential, mergeCredentialChanges, replacementChanges, type KeyChange } from "./key-changes";
import { diffKeys } from "./keys-diff";
import type { BucketState, CredentialFacts, PermissionMatrix } from "./matrix";
import { diffProtections } from "./protections-diff";
import { diffKeyResources } from "./resources-diff";

export type { Change, ChangeKind };

export interface EnvironmentDiff {
    readonly environment: string;
    /** Escalations first, then the rest; each group in a stable order. */
    readonly changes: readonly Change[];
}

export function diffMatrices(base: PermissionMatrix, head: PermissionMatrix, registry: ProviderRegistry = PROVIDERS): EnvironmentDiff {
    const changes: Change[] = [];
    const add = (kind: ChangeKind, escalation: boolean, subject: string, summary: string): void => {
        changes.push({ kind, escalation, subject, summary });
    };
    const keys = diffKeyResources(base, head, registry);
    const keyChanges = keyChangesByCredential(keys);
    const keptKeyChanges: KeyChange[] = [];

    for (const name of union(Object.keys(base.credentials), Object.keys(head.credentials))) {
        const before = base.credentials[name];
        const after = head.credentials[name];
        if (before === undefined && after !== undefined) {
            add("credential-added", true, name, `new credential \`${name}\`: ${describeCredential(after)}`);
        } else if (before !== undefined && after === undefined) {
            add("credential-removed", false, name, `credential \`${name}\` removed (was ${describeCredential(before)})`);
        } else if (before !== undefined && after !== undefined) {
            const own: Change[] = [];
            diffCredential(name, before, after, (kind, escalation, subject, summary) => own.push({ kind, escalation, subject, summary }));
            const merged = mergeCredentialChanges(own, keyChanges.get(name) ?? []);
            changes.push(...merged.matrix);
            keptKeyChanges.push(...merged.keys);
        }
        keyChanges.delete(name);
    }
    // Identities the permissions output does not name (a plan's model out of step with its resources).
    for (const [, list] of [...keyChanges].sort(([a], [b]) => a.localeCompare(b))) keptKeyChanges.push(...mergeCredentialChanges([], list).keys);
    changes.push(...groupedAcrossCredentials(keptKeyChanges));

    for (const remote of union(Object.keys(base.buckets), Object.keys(head.buckets))) {
        const before = base.buckets[remote];
        const after = head.buckets[remote];
        if (before === undefined && after !== undefined) {
            add("bucket-added", false, remote, `new bucket for remote \`${remote}\`${after.bucket ? ` (\`${after.bucket}\`)` : ""}`);
        } else if (before !== undefined && after === undefined) {
            add(
                "bucket-removed",
                !before.retainOnDelete,
                remote,
                `bucket of remote \`${remote}\`${before.bucket ? ` (\`${before.bucket}\`)` : ""} ` +
                    (before.retainOnDelete ? "removed from the stack; it is retained in the cloud" : "removed: `pulumi up` would delete it and its backups"),
            );
        } else if (before !== undefined && after !== undefined) {
            diffBucket(remote, before, after, add);
        }
    }
    changes.push(...replacementChanges(keys));

    // Escalations first; stable otherwise (credentials, then buckets, in name order).
    return { environment: head.environment, changes: [...changes.filter((c) => c.escalation), ...changes.filter((c) => !c.escalation)] };
}

type Add = (kind: ChangeKind, escalation: boolean, subject: string, summary: string) => void;

function diffCredential(name: string, before: CredentialFacts, after: CredentialFacts, add: Add): void {
    const c = `\`${name}\``;
    const newHosts = after.hosts.filter((h) => !before.hosts.includes(h));
    if (newHosts.length) add("hosts-added", true, name, `${c} issued to new host(s) ${newHosts.join(", ")} (a new key each)`);
    const fixedAtCreation = PROVIDERS.find(after.provider)?.keyExpiry?.fixedAtCreation ?? false;
    for (const k of diffKeys(name, before, after, fixedAtCreation)) add(k.kind, k.escalation, name, k.summary);
    if (before.role !== after.role) add("role-changed", false, name, `${c} role ${before.role} → ${after.role}`);

    for (const cap of CAPABILITIES) {
        const was = before.effective[cap];
        const now = after.effective[cap];
        if (statusRank(now) > statusRank(was))
            add("capability-gained", true, name, `${c} can now ${cap}${now === "hide-only" ? " (hide only)" : ""} (was ${was})`);
        if (statusRank(now) < statusRank(was))
            add("capability-lost", false, name, `${c} can no longer ${cap}${now === "hide-only" ? " except hide" : ""} (was ${was})`);
    }

    // What a grant lets its holder do is in the capabilities above; the grants themselves are for the reviewer's eye.
    if (before.grants && after.grants) {
        const added = after.grants.filter((g) => !before.grants!.includes(g));
        const removed = before.grants.filter((g) => !after.grants!.includes(g));
        if (added.length || removed.length) {
            add("grants-changed", false, name, `${c} grants ${[...added.map((g) => `+${g}`), ...removed.map((g) => `-${g}`)].join(", ")}`);
        }
    }

    const was = location(before);
    const now = location(after);
    const scope = compareScope(before, after);
    if (was !== now && scope !== "same") {
        if (scope === "widened") add("prefix-widened", true, name, `${c} prefix widened: ${was} → ${now}`);
        else if (scope === "narrowed") add("prefix-narrowed", false, name, `${c} prefix narrowed: ${was} → ${now}`);
        else add("scope-moved", true, name, `${c} now reaches ${now} instead of ${was}`);
    }

    for (const id of union(Object.keys(before.deviations), Object.keys(after.deviations))) {
        const b = before.deviations[id];
        const a = after.deviations[id];
        if (b === undefined && a !== undefined) add("deviation-added", true, name, `${c} new deviation \`${id}\` (control: ${a})`);
        else if (b !== undefined && a === undefined) add("deviation-removed", false, name, `${c} deviation \`${id}\` gone`);
        else if (b !== undefined && a !== undefined && a !== b) {
            add("control-changed", /^none\b/.test(a) && !/^none\b/.test(b), name, `${c} control for \`${id}\`: ${b} → ${a}`);
        }
    }
}

/** Where a credential reaches, as a reviewer reads it. */
function location(f: CredentialFacts): string {
    if (!f.prefixEnforced) return `\`${f.bucket}\` (whole bucket: the provider does not enforce the prefix)`;
    return f.prefix === "" ? `\`${f.bucket}\` (whole bucket)` : `\`${f.bucket}/${f.prefix}\``;
}

/** How the part of the bucket a credential really reaches changed (an unenforced prefix reaches the whole bucket). */
function compareScope(before: CredentialFacts, after: CredentialFacts): "same" | "widened" | "narrowed" | "moved" {
    if (before.bucket !== after.bucket) return "moved";
    const reach = (f: CredentialFacts): string => (f.prefixEnforced ? f.prefix : "");
    const b = reach(before);
    const a = reach(after);
    if (b.startsWith(a) && a !== b) return "widened";
    if (a.startsWith(b) && a !== b) return "narrowed";
    return a === b ? "same" : "moved";
}

function diffBucket(remote: string, before: BucketState, after: BucketState, add: Add): void {
    const r = `\`${remote}\``;
    if (before.pulumiProtected && !after.pulumiProtected) {
        add("pulumi-protection-removed", true, remote, `${r} no longer protected in Pulumi: \`pulumi up\` may delete or replace its resources`);
    }
    if (!before.pulumiProtected && after.pulumiProtected) add("pulumi-protection-added", false, remote, `${r} now protected in Pulumi`);
    if (before.protections === undefined || after.protections === undefined) return; // no credential uses it on one side
    for (const change of diffProtections(before.protections, after.protections)) add(change.kind, change.escalation, remote, `${r} ${change.text}`);
}

function union(a: readonly string[], b: readonly string[]): string[] {
    return [...new Set([...a, ...b])].sort();
}

function describeCredential(f: CredentialFacts): string {
    const can = CAPABILITIES.filter((c) => f.effective[c] !== "denied").map((c) => (f.effective[c] === "hide-only" ? `${c} (hide only)` : c));
    return `${f.role} (${can.join(", ") || "nothing"}) on ${f.provider} remote \`${f.remote}\`, ${location(f)}, hosts ${f.hosts.join(", ") || "none"}`;
}
