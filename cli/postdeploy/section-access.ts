/**
 * What a section's key can reach, from its effective permissions: where it
 * addresses objects, and whether it may delete, list, write or see single
 * versions. Used by the helpers the checks run on (targets, observe,
 * cleanup), so it imports nothing of the catalogue (plan.ts plans from it).
 */
import type { DeployedSection } from "./outputs";
import { probeFacts } from "./provider-probes";

/** Whether `section` can address `bucket/key` within its grants' scope. */
export function covers(section: DeployedSection, bucket: string, key: string): boolean {
    const s = section.summary;
    return s.bucket === bucket && (s.prefix === "" || key.startsWith(s.prefix) || !section.permissions.prefixEnforced);
}

/** Sections that may delete there (effective, so R2 copy and B2 hides count). */
export function mayDelete(section: DeployedSection): boolean {
    return section.permissions.effective.delete !== "denied";
}

export function mayList(section: DeployedSection): boolean {
    return section.permissions.effective.list !== "denied";
}

export function mayWrite(section: DeployedSection): boolean {
    return section.permissions.effective.write !== "denied";
}

/** Whether the section can see single versions on its provider (S3: read; B2: list). */
export function mayObserveVersions(section: DeployedSection): boolean {
    return section.permissions.effective[probeFacts(section.summary.provider).versionObserverCapability] === "allowed";
}
