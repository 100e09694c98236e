/**
 * Which checks a section gets and what each must observe, from the
 * permission model only (`expectedOutcome` over the section's effective
 * permissions). Pure.
 */
import { expectedOutcome, type Attempt, type Expectation } from "../../components/permissions/expectations";
import type { DeployedSection } from "./outputs";
import type { CheckName, PlannedCheck } from "./types";

/** A bucket of another environment, on some provider. */
export interface ForeignBucket {
    readonly provider: string;
    readonly bucket: string;
    readonly prefix: string;
}

const SUCCEEDS: Expectation = { outcome: "succeeds" };

export function planChecks(section: DeployedSection, otherEnvBuckets: readonly ForeignBucket[]): PlannedCheck[] {
    const p = section.permissions;
    const expect = (a: Attempt) => expectedOutcome(p, a);
    const checks: [CheckName, Expectation][] = [
        ["list", expect("list")],
        // With no_check_bucket = true, mkdir makes no request; without it, rclone would try CreateBucket.
        ["mkdir", SUCCEEDS],
        ["write", expect("write")],
        ["read", expect("read")],
        ["delete", expect("delete")],
        // On S3 removing a non-root "directory" makes no request; never the bucket root (DeleteBucket).
        ["rmdir", SUCCEEDS],
    ];
    if (section.summary.prefix !== "") {
        checks.push(["outside-list", expect("outside-prefix")], ["outside-write", expect("outside-prefix")]);
    }
    if (otherBucketsFor(section, otherEnvBuckets).length > 0) {
        checks.push(["other-env-list", expect("other-bucket")], ["other-env-write", expect("other-bucket")]);
    }
    return checks.map(([check, expectation]) => ({ check, expectation }));
}

/** Another environment's buckets on the same provider (a key of one provider never reaches another's). */
export function otherBucketsFor(section: DeployedSection, otherEnvBuckets: readonly ForeignBucket[]): ForeignBucket[] {
    const seen = new Set<string>();
    return otherEnvBuckets.filter((b) => {
        if (b.provider !== section.summary.provider || b.bucket === section.summary.bucket) return false;
        const key = `${b.bucket}/${b.prefix}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

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
