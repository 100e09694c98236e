/**
 * What a change does to a bucket's protections, by value: anything that
 * shortens how long data or its history survives (versioning off, fewer days
 * of noncurrent versions, an expiry added or brought forward, a lock removed,
 * shortened or weakened) or that exposes the bucket is an escalation. Pure.
 */
import { keepsVersions, type LockProtection, type Protections } from "../../components/permissions/protections";
import type { ChangeKind } from "./change";
import type { LegacyProtections } from "./matrix";

export interface ProtectionChange {
    readonly kind: ChangeKind;
    readonly escalation: boolean;
    readonly text: string;
}

const isLegacy = (p: Protections | LegacyProtections): p is LegacyProtections => Array.isArray(p);

export function diffProtections(before: Protections | LegacyProtections, after: Protections | LegacyProtections): ProtectionChange[] {
    if (isLegacy(before) || isLegacy(after)) {
        if (JSON.stringify(before) === JSON.stringify(after)) return [];
        // An escalation on purpose: nothing proves the change is harmless, so a person must look.
        return [
            {
                kind: "protection-changed",
                escalation: true,
                text:
                    "protections cannot be compared by value (one side predates structured protections); check versioning, " +
                    `expiry and locks by hand: ${summary(before)} → ${summary(after)}`,
            },
        ];
    }
    return [
        ...versioningChanges(before, after),
        ...expiryChanges(before, after),
        ...lockChanges(before.locks, after.locks),
        ...exposureChanges(before, after),
        ...housekeepingChanges(before, after),
    ];
}

function summary(p: Protections | LegacyProtections): string {
    return (isLegacy(p) ? p : p.summary).join("; ");
}

/** Days as a reader compares them: absent means "forever". */
const forever = (d: number | undefined): number => d ?? Number.POSITIVE_INFINITY;
const daysText = (d: number | undefined): string => (d === undefined ? "until deleted by hand" : `${d} days`);

function versioningChanges(b: Protections, a: Protections): ProtectionChange[] {
    const was = keepsVersions(b);
    const now = keepsVersions(a);
    if (was && !now) {
        return [
            {
                kind: "versioning-off",
                escalation: true,
                text: `versioning ${b.versioning.state} → ${a.versioning.state}: overwrites and deletes can no longer be undone`,
            },
        ];
    }
    if (!was && now)
        return [
            {
                kind: "versioning-on",
                escalation: false,
                text: `versioning on (${a.versioning.state}), previous versions kept ${daysText(a.versioning.noncurrentDays)}`,
            },
        ];
    if (!now) return [];
    const d0 = forever(b.versioning.noncurrentDays);
    const d1 = forever(a.versioning.noncurrentDays);
    if (d1 === d0) return [];
    return [
        {
            kind: "protection-changed",
            escalation: d1 < d0,
            text: `previous versions ${d1 < d0 ? "deleted sooner" : "kept longer"}: ${daysText(b.versioning.noncurrentDays)} → ${daysText(a.versioning.noncurrentDays)}`,
        },
    ];
}

function expiryText(e: NonNullable<Protections["expiry"]>): string {
    const how = e.action === "hide-then-delete" ? `hidden after ${e.afterDays} days` : `deleted after ${e.afterDays} days`;
    return `${how}, data gone after ${e.dataGoneAfterDays} days`;
}

function expiryChanges(b: Protections, a: Protections): ProtectionChange[] {
    if (!b.expiry && a.expiry) return [{ kind: "protection-added", escalation: true, text: `objects now expire: ${expiryText(a.expiry)}` }];
    if (b.expiry && !a.expiry) return [{ kind: "protection-removed", escalation: false, text: `objects no longer expire (was: ${expiryText(b.expiry)})` }];
    if (!b.expiry || !a.expiry) return [];
    if (b.expiry.dataGoneAfterDays === a.expiry.dataGoneAfterDays && b.expiry.action === a.expiry.action && b.expiry.afterDays === a.expiry.afterDays)
        return [];
    const sooner = a.expiry.dataGoneAfterDays < b.expiry.dataGoneAfterDays || a.expiry.afterDays < b.expiry.afterDays;
    return [
        {
            kind: "protection-changed",
            escalation: sooner,
            text: `expiry ${sooner ? "brought forward" : "changed"}: ${expiryText(b.expiry)} → ${expiryText(a.expiry)}`,
        },
    ];
}

/** The strongest lock of `kind` on `prefix` (a lock on "" or a shorter prefix covers it). */
function lockOn(locks: readonly LockProtection[], kind: LockProtection["kind"], prefix: string): LockProtection | undefined {
    return locks
        .filter((l) => l.kind === kind && l.prefixes.some((p) => prefix.startsWith(p)))
        .sort((x, y) => y.days - x.days || (x.mode === "COMPLIANCE" ? -1 : 1))[0];
}

function lockChanges(before: readonly LockProtection[], after: readonly LockProtection[]): ProtectionChange[] {
    const out: ProtectionChange[] = [];
    const where = (kind: string, prefix: string) => `${kind}${prefix === "" ? "" : ` on "${prefix}"`}`;
    for (const l of before) {
        for (const prefix of l.prefixes) {
            const now = lockOn(after, l.kind, prefix);
            const label = where(l.kind, prefix);
            if (!now) out.push({ kind: "protection-removed", escalation: true, text: `${label} removed (was ${l.days} days)` });
            else if (now.days < l.days) out.push({ kind: "protection-changed", escalation: true, text: `${label} shortened: ${l.days} → ${now.days} days` });
            else if (l.mode === "COMPLIANCE" && now.mode !== "COMPLIANCE") {
                out.push({ kind: "protection-changed", escalation: true, text: `${label} weakened: COMPLIANCE → ${now.mode ?? "no mode"}` });
            } else if (now.days > l.days)
                out.push({ kind: "protection-changed", escalation: false, text: `${label} lengthened: ${l.days} → ${now.days} days` });
        }
    }
    for (const l of after) {
        for (const prefix of l.prefixes) {
            if (!lockOn(before, l.kind, prefix))
                out.push({ kind: "protection-added", escalation: false, text: `${where(l.kind, prefix)} added: ${l.days} days` });
        }
    }
    return out;
}

function exposureChanges(b: Protections, a: Protections): ProtectionChange[] {
    const out: ProtectionChange[] = [];
    if (b.publicAccess !== a.publicAccess) {
        const weaker = b.publicAccess !== undefined && a.publicAccess === undefined;
        out.push({
            kind: weaker ? "protection-removed" : "protection-changed",
            escalation: weaker,
            text: `public access: ${b.publicAccess ?? "provider default"} → ${a.publicAccess ?? "provider default"}`,
        });
    }
    if (b.tlsOnly && !a.tlsOnly) out.push({ kind: "protection-removed", escalation: true, text: "TLS-only bucket policy removed" });
    if (!b.tlsOnly && a.tlsOnly) out.push({ kind: "protection-added", escalation: false, text: "TLS-only bucket policy added" });
    if (b.encryption !== a.encryption) out.push({ kind: "protection-changed", escalation: false, text: `encryption: ${b.encryption} → ${a.encryption}` });
    return out;
}

function housekeepingChanges(b: Protections, a: Protections): ProtectionChange[] {
    const out: ProtectionChange[] = [];
    // Aborting stale uploads sooner or later loses no data.
    if (b.abortIncompleteUploadsDays !== a.abortIncompleteUploadsDays) {
        out.push({
            kind: "protection-changed",
            escalation: false,
            text: `unfinished uploads aborted after ${b.abortIncompleteUploadsDays} → ${a.abortIncompleteUploadsDays} days`,
        });
    }
    const t = (p: Protections) => p.transitions.map((x) => `${x.storageClass} after ${x.afterDays} days`).join(", ") || "none";
    if (t(b) !== t(a)) out.push({ kind: "protection-changed", escalation: false, text: `storage transitions: ${t(b)} → ${t(a)}` });
    if (b.jurisdiction !== a.jurisdiction)
        out.push({ kind: "protection-changed", escalation: false, text: `jurisdiction: ${b.jurisdiction ?? "none"} → ${a.jurisdiction ?? "none"}` });
    return out;
}
