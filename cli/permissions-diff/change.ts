/** One change a diff reports, and its kinds. */
export type ChangeKind =
    | "credential-added"
    | "credential-removed"
    | "hosts-added"
    | "role-changed"
    | "capability-gained"
    | "capability-lost"
    | "prefix-widened"
    | "prefix-narrowed"
    | "scope-moved"
    | "deviation-added"
    | "deviation-removed"
    | "control-changed"
    | "grants-changed"
    | "bucket-added"
    | "bucket-removed"
    | "protection-added"
    | "protection-removed"
    | "protection-changed"
    | "versioning-off"
    | "versioning-on"
    | "pulumi-protection-removed"
    | "pulumi-protection-added"
    // Rotation (keys-diff.ts): only an expiry moved later or removed is an escalation.
    | "generation-issued"
    | "generation-retired"
    | "keys-revoked"
    | "expiry-moved"
    | "expiry-removed"
    | "expiry-added"
    // A credential resource's inputs (key-changes.ts): by its provider's rules, or unclassified (an escalation until judged).
    | "input-widened"
    | "input-narrowed"
    | "input-changed"
    | "input-unclassified"
    // Live keys the provider must replace to apply a change: hosts fetch their config again.
    | "keys-replaced";

export interface Change {
    readonly kind: ChangeKind;
    readonly escalation: boolean;
    /** The credential or remote the change is about. */
    readonly subject: string;
    /** One sentence; names in backticks. */
    readonly summary: string;
}
