/**
 * Which checks a section gets and what each must observe, from the permission
 * model (`expectedOutcome` over the section's effective permissions) and the
 * provider's facts (what exists there: versions, bucket settings). Pure.
 *
 * No role of the model is granted version deletes, bucket listing or
 * creation, or bucket settings on any provider (components/permissions:
 * AWS_FORBIDDEN_ACTIONS, B2_FORBIDDEN_CAPABILITIES; R2 tokens hold object
 * groups only), and the model names no deviation for them: they must be
 * refused for every role.
 */
import { expectedOutcome, type Attempt, type Expectation } from "../../components/permissions/expectations";
import { roleAllows } from "../../components/permissions/roles";
import type { DeployedSection } from "./outputs";
import { BUCKET_SETTINGS, bucketKeepsVersions, probeFacts } from "./provider-probes";
import type { CheckName, PlannedCheck } from "./types";

/** A bucket of another environment, on some provider. */
export interface ForeignBucket {
    readonly provider: string;
    readonly bucket: string;
    readonly prefix: string;
}

/** The buckets (and prefixes) another environment's sections use. */
export function foreignBuckets(sections: readonly DeployedSection[]): ForeignBucket[] {
    return sections.map((s) => ({ provider: s.summary.provider, bucket: s.summary.bucket, prefix: s.summary.prefix }));
}

const SUCCEEDS: Expectation = { outcome: "succeeds" };
const REFUSED: Expectation = { outcome: "refused" };

export function planChecks(section: DeployedSection, otherEnvBuckets: readonly ForeignBucket[]): PlannedCheck[] {
    const p = section.permissions;
    const expect = (a: Attempt) => expectedOutcome(p, a);
    const facts = probeFacts(p.provider);
    const writes = roleAllows(p.role, "write");
    const checks: [CheckName, Expectation][] = [
        ["list", expect("list")],
        ["write", expect("write")],
    ];
    // A key that writes without reading is the one whose second copy used to HEAD what it could not read.
    if (writes && !roleAllows(p.role, "read")) checks.push(["rerun", SUCCEEDS]);
    checks.push(["read", expect("read")]);
    // A noncurrent version is the object's history: whoever may not read may not read that either.
    if (bucketKeepsVersions(p) && facts.calls.readVersion) checks.push(["read-version", expect("read")]);
    checks.push(["delete", expect("delete")]);
    if (bucketKeepsVersions(p) && facts.calls.deleteVersion) checks.push(["delete-version", REFUSED]);
    if (writes) {
        const overwrite = p.deviations.find((d) => d.capability === "overwrite");
        checks.push(["overwrite", overwrite ? { outcome: "refused-or-deviation", deviation: overwrite } : SUCCEEDS]);
    }
    if (section.summary.prefix !== "") {
        const outside = expect("outside-prefix");
        checks.push(["sibling-list", outside], ["sibling-write", outside], ["other-prefix-list", outside], ["other-prefix-write", outside]);
    }
    if (otherBucketsFor(section, otherEnvBuckets).length > 0) {
        checks.push(["other-env-list", expect("other-bucket")], ["other-env-write", expect("other-bucket")]);
    }
    checks.push(["list-buckets", REFUSED], ["create-bucket", REFUSED]);
    for (const setting of BUCKET_SETTINGS) {
        if (!facts.calls.bucketSettings[setting]) continue;
        // Only a versioned bucket has a status to write back unchanged.
        if (setting === "versioning" && !bucketKeepsVersions(p)) continue;
        checks.push([`bucket-${setting}`, REFUSED]);
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

/**
 * The prefix of another credential in the same bucket that neither contains
 * nor lies within the section's own; "" (the bucket's top level, outside any
 * prefix) when there is none.
 */
export function otherPrefixFor(section: DeployedSection, sections: readonly DeployedSection[]): string {
    const own = section.summary.prefix;
    const other = sections.find(
        (s) => s.summary.bucket === section.summary.bucket && s.summary.prefix !== "" && !s.summary.prefix.startsWith(own) && !own.startsWith(s.summary.prefix),
    );
    return other?.summary.prefix ?? "";
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

export function mayWrite(section: DeployedSection): boolean {
    return section.permissions.effective.write !== "denied";
}

/** Whether the section can see single versions on its provider (S3: read; B2: list). */
export function mayObserveVersions(section: DeployedSection): boolean {
    return section.permissions.effective[probeFacts(section.summary.provider).versionObserverCapability] === "allowed";
}
